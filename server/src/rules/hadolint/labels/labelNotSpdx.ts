import { labelValueRule } from './labelRules';

export const labelNotSpdx = labelValueRule({
  id: 'label-not-spdx', code: 'DL3054', type: 'spdx',
  title: 'Label schema: a label the schema types `spdx` is not an SPDX license identifier',
  expected: 'an SPDX license identifier such as `MIT` or `Apache-2.0`',
  explanation: 'License scanners match the label against the SPDX list; a free-text license name (`Apache 2`) is not recognised. Applies only to labels listed in a label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`).',
});
