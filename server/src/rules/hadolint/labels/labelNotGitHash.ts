import { labelValueRule } from './labelRules';

export const labelNotGitHash = labelValueRule({
  id: 'label-not-git-hash', code: 'DL3055', type: 'hash',
  title: 'Label schema: a label the schema types `hash` is not a git commit hash',
  expected: 'a git commit hash (7 or 40 lower-case hex digits)',
  explanation: 'A revision label (`org.opencontainers.image.revision`) that is not a commit hash cannot be traced back to the source. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
