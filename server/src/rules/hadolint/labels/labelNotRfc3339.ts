import { labelValueRule } from './labelRules';

export const labelNotRfc3339 = labelValueRule({
  id: 'label-not-rfc3339', code: 'DL3053', type: 'rfc3339',
  title: 'Label schema: a label the schema types `rfc3339` is not an RFC 3339 time',
  expected: 'an RFC 3339 time such as `2024-05-01T12:00:00Z`',
  explanation: 'A creation time that is not RFC 3339 (`org.opencontainers.image.created`) cannot be compared or sorted by the tools that read it. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
