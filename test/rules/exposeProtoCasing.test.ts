import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('expose-proto-casing', {
  fires: [
    df('FROM alpine', 'EXPOSE 80/TCP'),
    df('FROM alpine', 'EXPOSE 80 53/UDP'),
    df('FROM alpine', 'expose 8080/Tcp'),
    df('FROM alpine', 'EXPOSE 80/tcp \\', '  443/TCP'),
  ],
  silent: [
    df('FROM alpine', 'EXPOSE 80/tcp'),
    df('FROM alpine', 'EXPOSE 80'),
    df('FROM alpine', 'EXPOSE 53/udp 80'),
    df('FROM alpine', 'EXPOSE ${PORT}'),
  ],
  fixes: [[df('FROM alpine', 'EXPOSE 80/TCP'), df('FROM alpine', 'EXPOSE 80/tcp')]],
});
