import { labelValueRule } from './labelRules';

export const labelNotEmail = labelValueRule({
  id: 'label-not-email', code: 'DL3058', type: 'email',
  title: 'Label schema: a label the schema types `email` is not an email address',
  expected: 'an RFC 5322 address such as `team@example.com` (no display name)',
  explanation: 'A contact label that is not a bare address cannot be used by the tools that read it. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
