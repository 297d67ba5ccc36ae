// Images whose toolchain is the product: single-stage-build must not tell them to drop it.
import { DockerfileModel, Stage } from '../../analysis/model';

/** Interpreters, REPLs, compilers and shells: a CMD that is just one of these hands the toolchain to the user. */
const TOOLCHAIN_PROGRAMS = /^(python[\d.]*|pypy[\d.]*|node|deno|bun|ruby|irb|php|perl|erl|iex|ghci|julia|R|swift|jshell|java|groovysh|scala|gcc|g\+\+|clang|cc|make|cmake|bash|sh|ash|zsh|fish|pwsh|lua|tclsh|dotnet|go|cargo|rustc|rustup|gradle|mvn|sbt|lein|clj|elixir|mix)$/;

export function toolchainIsProduct(words: string[]): boolean {
  const prog = (words[0] ?? '').replace(/^.*\//, '');
  if (!TOOLCHAIN_PROGRAMS.test(prog)) return false;
  // `python3`, `php -a`, `bash -l`: no program of the image's own to run.
  return words.slice(1).every(w => w.startsWith('-'));
}

/** A dev container (VS Code / Codespaces) image: the toolchain is what the developer works with. */
export function isDevContainer(model: DockerfileModel, stage: Stage): boolean {
  if (/(^|\/)(devcontainers|vscode\/devcontainers|codespaces)(\/|$)/i.test(stage.rootImage)) return true;
  for (const instr of stage.instructions) {
    if (instr.keyword === 'USER' && /^(vscode|codespace|node|dev)$/.test(instr.args[0] ?? '') && /devcontainer/i.test(model.text)) return true;
    if (instr.keyword === 'ARG' && /^USERNAME=(vscode|codespace)$/.test(instr.args[0] ?? '')) return true;
    if ((instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT') && /sleep\s+infinity/.test(instr.command + ' ' + (instr.execForm ?? []).join(' '))) return true;
  }
  return false;
}
