import { labelValueRule } from './labelRules';

export const labelNotSemver = labelValueRule({
  id: 'label-not-semver', code: 'DL3056', type: 'semver',
  title: 'Label schema: a label the schema types `semver` is not a semantic version',
  expected: 'a semantic version such as `1.4.2` (no `v` prefix)',
  explanation: 'Version labels are compared by tools and people; a value that is not Semantic Versioning 2.0.0 cannot be ordered. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
