// Runs seed 002's blockUser once per case and prints what the client saw, one JSON array on stdout:
// [{"name", "ok": true} | {"name", "ok": false, "code", "message"}]. The xunit test asserts it.
// Usage: CHATBLOCK_URL=http://127.0.0.1:PORT tsx seed002/run.ts '[{"name":"block","token":"...","userId":"..."}]'
import { blockUser } from './blockUser.ts';

type Case = { name: string; token: string; userId: string };
type Outcome = { name: string; ok: boolean; code?: string; message?: string };

const cases: Case[] = JSON.parse(process.argv[2] ?? '[]');
const outcomes: Outcome[] = [];
for (const c of cases) {
  try {
    await blockUser(c.token, c.userId);
    outcomes.push({ name: c.name, ok: true });
  } catch (error) {
    const e = error as Error & { code?: string };
    outcomes.push({ name: c.name, ok: false, code: e.code, message: e.message });
  }
}

console.log(JSON.stringify(outcomes));
