// Seed 002's code sample "blockUser", as the seed prints it; the one change is the host, which the seed hard-codes
// (https://api.bio.re) and which here comes from CHATBLOCK_URL.
const API = process.env.CHATBLOCK_URL ?? 'http://127.0.0.1:5080';

export async function blockUser(accessToken: string, blockedUserId: string): Promise<void> {
  const res = await fetch(`${API}/api/v1/users/block/${blockedUserId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const json = await res.json();
  if (!res.ok || !json.success) {
    throw Object.assign(new Error(json?.error?.message ?? 'Block failed'), {
      code: json?.error?.code,
    });
  }
}
