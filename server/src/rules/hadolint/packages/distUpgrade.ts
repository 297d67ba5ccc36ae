// `dist-upgrade` inside a build: the image no longer matches its base image's release.
import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { commandOf } from '../../cache/common';
import { hasWord } from './commandArgs';
import { mentionsAny, runCommands } from './runCommands';
import { emptyList } from '../../../analysis/lists';

function distUpgradeRule(id: string, code: string, programs: string[], subcommands: string[], hadolint: boolean): Rule {
  const tool = programs[0];
  return {
    id, category: 'best-practice', severity: 'info', recommended: false,
    ...(hadolint ? { hadolintSeverity: 'warning' as const } : {}),
    title: `\`${tool} ${subcommands[0]}\` in a build`,
    equivalents: { hadolint: [code] }, readsShell: true,
    explanation: `\`${tool} ${subcommands[0]}\` may install and remove packages, and can move the system to whatever release its repositories point at. The image then differs from what its base image tag says and grows by a copy of every upgraded file. A newer base image gives the same updates; a plain upgrade (\`${tool} upgrade\`) keeps the installed package set.`,
    scope: 'stage',
    checkStage(stage, model) {
      const out: RuleFinding[] = emptyList();
      for (const instr of stage.instructions) {
        if (!mentionsAny(instr, programs)) continue;
        const cmd = runCommands(instr)?.find(c => { const { prog, args } = commandOf(c); return programs.includes(prog) && hasWord(args, subcommands); });
        if (!cmd) continue;
        const { prog, args } = commandOf(cmd);
        const sub = args.find(a => subcommands.includes(a));
        out.push({
          message: `${describe(model, instr)} runs \`${prog} ${sub}\`: it can add and remove packages and change the release, so the image no longer matches its base image. Prefer a newer base image, or \`${prog} upgrade\`.`,
          range: firstLine(model, instr),
        });
      }
      return out;
    },
  };
}

// hadolint deleted DL3005 in 2023 (upgrades in images are fine); the id stays an equivalent so
// existing `# hadolint ignore=DL3005` comments keep working, and the `hadolint` profile leaves it off.
export const aptNoDistUpgrade = distUpgradeRule('apt-no-dist-upgrade', 'DL3005', ['apt-get', 'apt'], ['dist-upgrade', 'full-upgrade'], false);
export const zypperNoDistUpgrade = distUpgradeRule('zypper-no-dist-upgrade', 'DL3035', ['zypper'], ['dist-upgrade', 'dup'], true);
