/** After sign-out: a plain page with the way back in. */
export function signedOutHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signed out · shelfwatch</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f7f7fa;color:#1d1d24}main{max-width:30rem;margin:15vh auto;padding:0 1rem}a{color:#3552b0}</style></head>
<body><main><h1>Signed out</h1><p>You have signed out of shelfwatch.</p><p><a href="/auth/login">Sign in again</a></p></main></body></html>`;
}
