const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The local pool's sign-in page: what Cognito's managed login asks for (an e-mail and a password). */
export function loginPage(hidden: Record<string, string>, error?: string): string {
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · shelfwatch (local)</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
main{max-width:22rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;font:inherit;background:#1f5fbf;color:#fff;border:0;border-radius:4px}
.error{color:#a4000f}.note{color:#555;font-size:.85rem;margin-top:1rem}
</style></head>
<body><main>
<h1>Sign in to shelfwatch</h1>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/login">${fields}
<label for="username">E-mail</label><input id="username" name="username" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p class="note">The local stack's identity provider, standing in for Cognito's managed login. npm start prints the user and password.</p>
</main></body></html>`;
}
