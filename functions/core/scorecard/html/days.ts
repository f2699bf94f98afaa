/** The landing page: every scanned day, newest first, each with its scorecard as a page, CSV and JSON. */
export function daysPageHtml(days: string[]): string {
  const rows = days
    .map(
      (day) =>
        `<li><a href="/scorecards/${day}?format=html">${day}</a> <small><a href="/scorecards/${day}?format=csv">CSV</a> · <a href="/scorecards/${day}">JSON</a></small></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shelfwatch scorecards</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f7f7fa}header{background:#2f2a4a;color:#fff;padding:18px 28px}h1{margin:0;font-size:22px}
main{padding:16px 28px}li{margin:4px 0}small a{color:#6b6b78}</style></head>
<body><header><h1>Digital shelf scorecards</h1></header><main>${days.length ? `<ul class="days">${rows}</ul>` : '<p>No scan has run yet.</p>'}</main></body></html>`;
}
