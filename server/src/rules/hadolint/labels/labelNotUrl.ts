import { labelValueRule } from './labelRules';

export const labelNotUrl = labelValueRule({
  id: 'label-not-url', code: 'DL3052', type: 'url',
  title: 'Label schema: a label the schema types `url` is not an absolute URL',
  expected: 'an absolute URL such as `https://example.com/project`',
  explanation: 'Tools that read the label (registries, scanners, OCI annotations) expect a URI with a scheme; a bare host or path is not one. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
