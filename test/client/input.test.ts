import * as assert from 'assert';
import {
  validateImageTag, defaultTagFor, withDefaultTag, parsePorts, formatPorts, exposedPortsOf, defaultPortsInput,
  parseEnv, validateContainerName, stageChoices, portUrls,
} from '../../client/src/commands/input';

describe('client prompt input', () => {
  describe('image tags', () => {
    const valid = ['myapp', 'myapp:latest', 'my-app_1.2:V1.0-rc', 'team/app:1', 'localhost:5000/app:dev', 'Registry.Example.com/team/app', 'a__b', 'a---b'];
    const invalid = ['', '  ', 'MyApp', 'my app', 'app@sha256:abc', 'app:', ':tag', '-app', 'app-', 'app:-x', 'app:' + 'x'.repeat(129), 'team//app', 'a..b'];
    valid.forEach(t => it(`accepts ${JSON.stringify(t)}`, () => assert.strictEqual(validateImageTag(t), undefined)));
    invalid.forEach(t => it(`rejects ${JSON.stringify(t)} with a sentence`, () => {
      const message = validateImageTag(t);
      assert.ok(message && /\.$/.test(message), `expected a message for ${t}, got ${message}`);
    }));
    it('explains upper case specifically', () => assert.match(validateImageTag('MyApp:1')!, /lower case/));

    it('derives a valid lower-case default tag from the folder name', () => {
      assert.strictEqual(defaultTagFor('My App!'), 'my-app:latest');
      assert.strictEqual(defaultTagFor('web_API.v2'), 'web_api.v2:latest');
      assert.strictEqual(defaultTagFor('--weird__..name--'), 'weird.name:latest');
      assert.strictEqual(defaultTagFor('Ünïcode'), 'n-code:latest');
      assert.strictEqual(defaultTagFor('!!!'), 'image:latest');
      assert.strictEqual(defaultTagFor(''), 'image:latest');
      for (const f of ['My App!', 'a.-_b', 'x', '..', 'A-B-C']) assert.strictEqual(validateImageTag(defaultTagFor(f)), undefined, f);
    });

    it('adds :latest only when there is no tag', () => {
      assert.strictEqual(withDefaultTag('app'), 'app:latest');
      assert.strictEqual(withDefaultTag('app:1'), 'app:1');
      assert.strictEqual(withDefaultTag('localhost:5000/app'), 'localhost:5000/app:latest');
      assert.strictEqual(withDefaultTag('localhost:5000/app:2'), 'localhost:5000/app:2');
    });
  });

  describe('ports', () => {
    it('parses host:container, bare container ports and protocols', () => {
      const r = parsePorts('8080:80, 8443:443  53/udp,9000:9000/TCP');
      assert.deepStrictEqual(r, { ok: true, value: [
        { containerPort: '80/tcp', hostPort: 8080 }, { containerPort: '443/tcp', hostPort: 8443 },
        { containerPort: '53/udp', hostPort: undefined }, { containerPort: '9000/tcp', hostPort: 9000 },
      ] });
      assert.deepStrictEqual(parsePorts('   '), { ok: true, value: [] });
    });
    const bad: Array<[string, RegExp]> = [
      ['80:', /not a port mapping/], ['abc', /"abc" is not a port mapping/], ['8080:0', /container port 0/],
      ['70000:80', /host port 70000/], ['80/icmp', /not a port mapping/], ['8080:80, 8080:81', /8080\/tcp is used twice/],
      ['1.2.3.4:80:80', /not a port mapping/],
    ];
    bad.forEach(([input, message]) => it(`rejects ${input}`, () => {
      const r = parsePorts(input);
      assert.strictEqual(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    }));
    it('allows the same host port for tcp and udp', () => assert.strictEqual(parsePorts('53:53, 53:53/udp').ok, true));
    it('round-trips through the input box text', () => {
      const text = '8080:80, 53/udp, 9000:9000';
      const r = parsePorts(text);
      assert.ok(r.ok);
      if (r.ok) assert.strictEqual(formatPorts(r.value), text);
    });
    it('prefills from ExposedPorts with proposed host ports', () => {
      const exposed = exposedPortsOf({ '443/tcp': {}, '80/tcp': {}, '53/udp': {}, 'junk': {} });
      assert.deepStrictEqual(exposed, ['53/udp', '80/tcp', '443/tcp']);
      assert.strictEqual(defaultPortsInput(exposed, [5353, 8080, 8443]), '5353:53/udp, 8080:80, 8443:443');
      assert.strictEqual(defaultPortsInput(exposed, [5353]), '5353:53/udp, 80, 443');
      assert.deepStrictEqual(exposedPortsOf(undefined), []);
    });
  });

  describe('environment variables and names', () => {
    it('parses NAME=value words with quotes', () => {
      assert.deepStrictEqual(parseEnv(`A=1 B="two words" C='x y' D= E=a=b F="q\\"uote"`),
        { ok: true, value: { A: '1', B: 'two words', C: 'x y', D: '', E: 'a=b', F: 'q"uote' } });
      assert.deepStrictEqual(parseEnv(''), { ok: true, value: {} });
    });
    const bad: Array<[string, RegExp]> = [
      ['A=1 B', /"B" is not NAME=value/], ['=x', /"=x" is not NAME=value/], ['1A=x', /"1A" is not a valid variable name/],
      ['A="open', /Unclosed " quote/], ['A-B=1', /"A-B"/],
    ];
    bad.forEach(([input, message]) => it(`rejects ${input}`, () => {
      const r = parseEnv(input);
      assert.strictEqual(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    }));
    it('validates container names (empty lets Docker choose)', () => {
      for (const ok of ['', 'web', 'my_app.1-x']) assert.strictEqual(validateContainerName(ok), undefined, ok);
      for (const bad of ['a', '-web', 'my app', 'x/y']) assert.ok(validateContainerName(bad), bad);
    });
  });

  describe('stage choices', () => {
    it('is empty for a single-stage Dockerfile', () => {
      assert.deepStrictEqual(stageChoices('FROM alpine\nRUN true\n'), []);
    });
    it('offers named stages with the last one first as the default', () => {
      const text = 'ARG V=20\nFROM node:${V} AS deps\nRUN npm ci\nFROM deps AS build\nRUN make\nFROM alpine AS runtime\nCOPY --from=build /a /a\n';
      const choices = stageChoices(text);
      assert.deepStrictEqual(choices.map(c => c.target), ['runtime', 'deps', 'build']);
      assert.ok(choices[0].isLast);
      assert.match(choices[0].description, /FROM alpine · default · line 6/);
      assert.match(choices[1].description, /line 2/);
    });
    it('keeps an unnamed last stage as "no target" and skips unnamed earlier stages', () => {
      const choices = stageChoices('from alpine\nrun a\nFROM busybox AS tools\nFROM alpine\n');
      assert.deepStrictEqual(choices.map(c => [c.target, c.label]), [[undefined, 'stage 3 (last)'], ['tools', 'tools']]);
    });
  });
});

describe('run terminal URLs', () => {
  it('shows one localhost URL per published TCP port and skips UDP', () => {
    assert.deepStrictEqual(portUrls([
      { containerPort: '8080/tcp', hostPort: 34525, hostIp: '0.0.0.0' },
      { containerPort: '8080/tcp', hostPort: 34525, hostIp: '::' },
      { containerPort: '53/udp', hostPort: 5353, hostIp: '0.0.0.0' },
      { containerPort: '443/tcp', hostPort: 8443, hostIp: '127.0.0.1' },
      { containerPort: '9000/tcp', hostPort: 9000, hostIp: '::1' },
    ]), ['http://localhost:34525 → 8080/tcp', 'http://127.0.0.1:8443 → 443/tcp', 'http://[::1]:9000 → 9000/tcp']);
  });
});
