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

const AUTH = `
syntax = "proto3";
package moby.filesync.v1;
message CredentialsRequest { string Host = 1; }
message CredentialsResponse { string Username = 1; string Secret = 2; }
message FetchTokenRequest { string ClientID = 1; string Host = 2; string Realm = 3; string Service = 4; repeated string Scopes = 5; }
message FetchTokenResponse { string Token = 1; int64 ExpiresIn = 2; int64 IssuedAt = 3; }
message GetTokenAuthorityRequest { string Host = 1; bytes Salt = 2; }
message GetTokenAuthorityResponse { bytes PublicKey = 1; }
message VerifyTokenAuthorityRequest { string Host = 1; bytes Payload = 2; bytes Salt = 3; }
message VerifyTokenAuthorityResponse { bytes Signed = 1; }
`;

const root = new protobuf.Root();
for (const text of [PROTO, SECRETS, SSH, AUTH]) protobuf.parse(text, root, { keepCase: true });

export const types = {
  healthRequest: root.lookupType('grpc.health.v1.HealthCheckRequest'),
  healthResponse: root.lookupType('grpc.health.v1.HealthCheckResponse'),
  getSecretRequest: root.lookupType('moby.buildkit.secrets.v1.GetSecretRequest'),
  getSecretResponse: root.lookupType('moby.buildkit.secrets.v1.GetSecretResponse'),
  bytesMessage: root.lookupType('moby.sshforward.v1.BytesMessage'),
  checkAgentRequest: root.lookupType('moby.sshforward.v1.CheckAgentRequest'),
  checkAgentResponse: root.lookupType('moby.sshforward.v1.CheckAgentResponse'),
  credentialsRequest: root.lookupType('moby.filesync.v1.CredentialsRequest'),
  credentialsResponse: root.lookupType('moby.filesync.v1.CredentialsResponse'),
  fetchTokenRequest: root.lookupType('moby.filesync.v1.FetchTokenRequest'),
  fetchTokenResponse: root.lookupType('moby.filesync.v1.FetchTokenResponse'),
  getTokenAuthorityRequest: root.lookupType('moby.filesync.v1.GetTokenAuthorityRequest'),
  getTokenAuthorityResponse: root.lookupType('moby.filesync.v1.GetTokenAuthorityResponse'),
  verifyTokenAuthorityRequest: root.lookupType('moby.filesync.v1.VerifyTokenAuthorityRequest'),
  verifyTokenAuthorityResponse: root.lookupType('moby.filesync.v1.VerifyTokenAuthorityResponse'),
};

/** grpc.health.v1 ServingStatus.SERVING */
export const SERVING = 1;
