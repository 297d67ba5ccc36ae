// The session services' messages, written from BuildKit's .proto files (field numbers are theirs).
import * as protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse { int32 status = 1; }
`;
const SECRETS = `
syntax = "proto3";
package moby.buildkit.secrets.v1;
message GetSecretRequest { string ID = 1; map<string, string> annotations = 2; }
message GetSecretResponse { bytes data = 1; }
`;
const SSH = `
syntax = "proto3";
package moby.sshforward.v1;
message BytesMessage { bytes data = 1; }
message CheckAgentRequest { string ID = 1; }
message CheckAgentResponse {}
`;

const root = new protobuf.Root();
for (const text of [PROTO, SECRETS, SSH]) protobuf.parse(text, root, { keepCase: true });

export const types = {
  healthRequest: root.lookupType('grpc.health.v1.HealthCheckRequest'),
  healthResponse: root.lookupType('grpc.health.v1.HealthCheckResponse'),
  getSecretRequest: root.lookupType('moby.buildkit.secrets.v1.GetSecretRequest'),
  getSecretResponse: root.lookupType('moby.buildkit.secrets.v1.GetSecretResponse'),
  bytesMessage: root.lookupType('moby.sshforward.v1.BytesMessage'),
  checkAgentRequest: root.lookupType('moby.sshforward.v1.CheckAgentRequest'),
  checkAgentResponse: root.lookupType('moby.sshforward.v1.CheckAgentResponse'),
};

/** grpc.health.v1 ServingStatus.SERVING */
export const SERVING = 1;
