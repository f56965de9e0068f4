// Preloaded (NODE_OPTIONS --import) into tool processes that tests spawn while the whole-suite
// secret scan records (test/helpers/capture-setup.ts): records every file the process writes —
// GITHUB_OUTPUT, the job summary, report files — to $EFD_ARTEFACT_DIR/<pid>.jsonl. Files written
// with mode 0600 are credentials on purpose (registry auth files) and are not artefacts; the
// sandbox's kubeconfig (its admin credential) is not the tool's output either.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const dir = process.env.EFD_ARTEFACT_DIR;
const isSandbox = process.argv.includes('sandbox');
if (dir && !isSandbox) {
  const out = join(dir, `${process.pid}.jsonl`);
  const where = `process ${process.argv.slice(1).join(' ').slice(0, 200)}`;
  const { openSync, writeSync, closeSync } = fs;
  let busy = false;
  const text = (d) => (typeof d === 'string' ? d : d instanceof Uint8Array ? Buffer.from(d).toString('utf8') : '');
  const record = (kind, target, data, options) => {
    if (typeof target !== 'string' && !(target instanceof URL)) return;
    if (options && typeof options === 'object' && options.mode === 0o600) return;
    const t = text(data);
    if (!t) return;
    try {
      const fd = openSync(out, 'a');
      try {
        writeSync(
          fd,
          `${JSON.stringify({ channel: 'file', where: `${where} (${kind} ${String(target)})`, text: t })}\n`,
        );
      } finally {
        closeSync(fd);
      }
    } catch {
      // The artefact directory is gone: nothing to record into.
    }
  };
  for (const name of ['writeFileSync', 'appendFileSync', 'writeFile', 'appendFile']) {
    const f = fs[name];
    fs[name] = function (...a) {
      // appendFileSync calls fs.writeFileSync: one record per call made by the program.
      if (busy) return f.apply(this, a);
      busy = true;
      try {
        record(name, a[0], a[1], a[2]);
        return f.apply(this, a);
      } finally {
        busy = false;
      }
    };
  }
  for (const name of ['writeFile', 'appendFile']) {
    const f = fs.promises[name];
    fs.promises[name] = function (...a) {
      record(`promises.${name}`, a[0], a[1], a[2]);
      return f.apply(this, a);
    };
  }
  // ES modules importing named exports of node:fs see the patched functions too.
  syncBuiltinESMExports();
}
