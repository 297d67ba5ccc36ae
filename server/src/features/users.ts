// `--chown=` suggestions: the users and groups the Dockerfile itself creates (useradd, adduser,
// groupadd, addgroup) or switches to (USER), plus root.
import type { DockerfileModel } from '../analysis/model';
import { programOf } from '../analysis/shell';

export interface Accounts { users: string[]; groups: string[] }

const NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;
// Options of useradd/adduser/groupadd/addgroup (shadow-utils, Debian, BusyBox) that take a value.
const TAKES_VALUE = new Set(['-u', '-g', '-G', '-d', '-s', '-c', '-k', '-e', '-f', '-K', '-p', '-R', '-b', '-h',
  '--uid', '--gid', '--home', '--home-dir', '--shell', '--gecos', '--comment', '--ingroup', '--groups', '--password', '--firstuid', '--lastuid']);

/** Accounts created in instructions above `line`. */
export function accountsBefore(model: DockerfileModel, line: number): Accounts {
  const users = new Set<string>(['root']);
  const groups = new Set<string>(['root']);
  for (const instr of model.instructions) {
    if (instr.range.start.line >= line) break;
    if (instr.keyword === 'USER' && instr.args[0]) {
      const [u, g] = instr.args[0].split(':');
      if (NAME.test(u)) users.add(u);
      if (g && NAME.test(g)) groups.add(g);
    }
    if (instr.keyword !== 'RUN') continue;
    for (const cmd of instr.shell) {
      const program = programOf(cmd);
      if (!['useradd', 'adduser', 'groupadd', 'addgroup'].includes(program)) continue;
      // The account is the last plain word (`adduser -D -u 1000 app`); Debian's `adduser user group`
      // names an existing group second, so for adduser the first plain word after the options wins.
      const args = cmd.words.slice(1);
      const plain = args.filter((w, i) => !w.startsWith('-') && !(i > 0 && TAKES_VALUE.has(args[i - 1])) && NAME.test(w));
      const name = program === 'adduser' && plain.length === 2 ? plain[0] : plain[plain.length - 1];
      if (!name) continue;
      if (program === 'groupadd' || program === 'addgroup') groups.add(name);
      else {
        users.add(name);
        // useradd creates a group of the same name by default (USERGROUPS_ENAB), as do adduser -D / --group.
        groups.add(name);
      }
    }
  }
  return { users: [...users], groups: [...groups] };
}
