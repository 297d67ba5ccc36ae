import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('consistent-instruction-casing', {
  fires: [
    df('From alpine', 'RUN true'),
    df('FROM alpine', 'run true', 'CMD ["a"]'),
    df('from alpine', 'run true', 'COPY a b'),
    df('FROM alpine', 'RUN a \\', '  && b', 'EntryPoint ["x"]'),
  ],
  silent: [
    df('FROM alpine', 'RUN true'),
    df('from alpine', 'run true'),
    df('FROM alpine', 'RUN echo from run copy'),
    df('FROM alpine', 'RUN <<EOF', 'run lower', 'EOF'),
  ],
  fixes: [[df('FROM alpine', 'run true', 'CMD ["a"]'), df('FROM alpine', 'RUN true', 'CMD ["a"]')]],
});
