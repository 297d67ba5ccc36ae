// What dependency-prefetch's quick fix copies and runs, per tool, from the files that exist at the
// top of the build context. No plan (no fix) whenever a manifest-only prefetch could fail: a
// multi-module or workspace layout needs files the top-level listing cannot show.

export interface PrefetchPlan {
  /** Manifest names for the fix title. */
  manifests: string[];
  /** `COPY` arguments, one instruction each (`go.mod go.sum ./`). */
  copies: string[];
  /** The prefetch command. */
  run: string;
}

/** Top-level names that a single-module Java or Rust project has besides its manifests; anything else may be a module. */
const PLAIN_ENTRIES = /^(src|target|build|out|bin|docs?|\.mvn|\.gradle|gradle|mvnw(\.cmd)?|gradlew(\.bat)?|Dockerfile.*|Containerfile.*|.*\.Dockerfile|\.dockerignore|\.git.*|\.github|\.idea|\.vscode|\.editorconfig|\.env.*|Makefile|LICENSE.*|README.*|CHANGELOG.*|NOTICE.*|CONTRIBUTING.*|.*\.(md|txt|ya?ml|json|xml|toml|lock|properties|gradle|kts|cfg|ini|sh|cmd|bat|csv|conf)|config|scripts?|k8s|helm|deploy|charts?|compose.*|docker-compose.*|HELP.*)$/i;

function singleModule(files: string[], manifests: string[]): boolean {
  return files.every(f => manifests.includes(f) || PLAIN_ENTRIES.test(f));
}

export function prefetchPlan(tool: string, files: string[], wrapper?: string): PrefetchPlan | undefined {
  const has = (f: string) => files.includes(f);
  switch (tool) {
    case 'go': {
      // A go.work workspace needs every member's go.mod: not a manifest-only copy.
      if (!has('go.mod') || has('go.work')) return undefined;
      const manifests = has('go.sum') ? ['go.mod', 'go.sum'] : ['go.mod'];
      return { manifests, copies: [`${manifests.join(' ')} ./`], run: 'go mod download' };
    }
    case 'maven': {
      if (!has('pom.xml') || !singleModule(files, ['pom.xml'])) return undefined;
      if (wrapper) {
        if (!has('mvnw') || !has('.mvn')) return undefined;
        return { manifests: ['pom.xml', 'mvnw', '.mvn'], copies: ['pom.xml mvnw ./', '.mvn .mvn'], run: `${wrapper} -B dependency:go-offline` };
      }
      return { manifests: ['pom.xml'], copies: ['pom.xml ./'], run: 'mvn -B dependency:go-offline' };
    }
    case 'gradle': {
      // settings.gradle may include subprojects whose build files a manifest-only copy would miss.
      const build = ['build.gradle', 'build.gradle.kts'].filter(has);
      if (build.length !== 1 || has('settings.gradle') || has('settings.gradle.kts') || !singleModule(files, build)) return undefined;
      const props = has('gradle.properties') ? ['gradle.properties'] : [];
      if (wrapper) {
        if (!has('gradlew') || !has('gradle')) return undefined;
        return { manifests: [...build, ...props, 'gradlew', 'gradle'], copies: [`${[...build, ...props, 'gradlew'].join(' ')} ./`, 'gradle gradle'], run: `${wrapper} dependencies --no-daemon` };
      }
      return { manifests: [...build, ...props], copies: [`${[...build, ...props].join(' ')} ./`], run: 'gradle dependencies --no-daemon' };
    }
    case 'cargo': {
      if (!has('Cargo.toml') || !singleModule(files, ['Cargo.toml', 'Cargo.lock'])) return undefined;
      const manifests = has('Cargo.lock') ? ['Cargo.toml', 'Cargo.lock'] : ['Cargo.toml'];
      // cargo fetch needs a target to read the manifest; a stub main is removed again before the sources come in.
      return { manifests, copies: [`${manifests.join(' ')} ./`], run: 'mkdir -p src && echo "fn main() {}" > src/main.rs && cargo fetch && rm -rf src' };
    }
    case 'dotnet': {
      // One project and no solution: project references to other folders would make restore fail.
      const projects = files.filter(f => /\.(cs|fs|vb)proj$/.test(f));
      if (projects.length !== 1 || files.some(f => /\.slnx?$/.test(f) || f === 'Directory.Build.props' || f === 'Directory.Packages.props' || f === 'NuGet.Config' || f === 'nuget.config')) return undefined;
      return { manifests: projects, copies: [`${projects[0]} ./`], run: `dotnet restore ${projects[0]}` };
    }
  }
  return undefined;
}
