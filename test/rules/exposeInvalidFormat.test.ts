import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('expose-invalid-format', {
  fires: [
    df('FROM alpine', 'EXPOSE 127.0.0.1:80:80'),
    df('FROM alpine', 'EXPOSE 80:80'),
    df('FROM alpine', 'EXPOSE 8080:80/tcp'),
    df('FROM alpine', 'expose 443 8080:80'),
  ],
  silent: [
    df('FROM alpine', 'EXPOSE 80'),
    df('FROM alpine', 'EXPOSE 80/tcp 443'),
    df('FROM alpine', 'EXPOSE 8000-8010'),
    df('FROM alpine', 'EXPOSE ${PORT}'),
  ],
  fixes: [[df('FROM alpine', 'EXPOSE 8080:80/tcp'), df('FROM alpine', 'EXPOSE 80/tcp')]],
});
