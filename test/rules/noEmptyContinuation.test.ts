import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('no-empty-continuation', {
  fires: [
    df('FROM alpine', 'RUN apk add \\', '', '    curl'),
    df('FROM alpine', 'RUN a && \\', '   ', '    b'),
    df('FROM alpine', 'ENV A=1 \\', '', '    B=2'),
    '# escape=`\nFROM alpine\nRUN a `\n\n  b\n',
  ],
  silent: [
    df('FROM alpine', 'RUN apk add \\', '    curl'),
    df('FROM alpine', 'RUN apk add \\', '    # a comment', '    curl'),
    df('FROM alpine', 'RUN <<EOF', 'echo a', '', 'echo b', 'EOF'),
    df('FROM alpine', '', 'RUN a', '', 'RUN b'),
  ],
  fixes: [[df('FROM alpine', 'RUN apk add \\', '', '    curl'), df('FROM alpine', 'RUN apk add \\', '    curl')]],
});
