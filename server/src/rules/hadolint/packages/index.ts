// hadolint's package-manager rules (pins, non-interactive flags, cache cleaning, apt vs apt-get).
import { Rule } from '../../rule';
import { aptPinVersions } from './aptPinVersions';
import { apkPinVersions } from './apkPinVersions';
import { pipPinVersions } from './pipPinVersions';
import { npmPinVersions } from './npmPinVersions';
import { gemPinVersions } from './gemPinVersions';
import { goPinVersions } from './goPinVersions';
import { yumPinVersions } from './yumPinVersions';
import { dnfPinVersions } from './dnfPinVersions';
import { zypperPinVersions } from './zypperPinVersions';
import { yumY } from './yumY';
import { dnfY } from './dnfY';
import { zypperNonInteractive } from './zypperNonInteractive';
import { yumCleanAll } from './yumCleanAll';
import { dnfCleanAll } from './dnfCleanAll';
import { zypperClean } from './zypperClean';
import { yarnCacheClean } from './yarnCacheClean';
import { aptGetNotApt } from './aptGetNotApt';
import { aptNoDistUpgrade, zypperNoDistUpgrade } from './distUpgrade';

export const packageRules: Rule[] = [
  aptPinVersions, apkPinVersions, pipPinVersions, npmPinVersions, gemPinVersions, goPinVersions,
  yumPinVersions, dnfPinVersions, zypperPinVersions,
  yumY, dnfY, zypperNonInteractive,
  yumCleanAll, dnfCleanAll, zypperClean, yarnCacheClean,
  aptGetNotApt, aptNoDistUpgrade, zypperNoDistUpgrade,
];
