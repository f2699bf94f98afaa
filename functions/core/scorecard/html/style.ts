/** The scorecard page's own stylesheet, inline so the page is one file: it opens offline, prints, and needs no other request. */
export const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d1d24;margin:0;background:#f7f7fa}
header{background:#2f2a4a;color:#fff;padding:18px 28px}h1{margin:0;font-size:22px}.date{opacity:.8;font-weight:400}.lede{margin:6px 0 0;opacity:.9}.lede a{color:#ffd479}
main{padding:12px 28px}section.target{background:#fff;border:1px solid #e3e3ea;border-radius:8px;padding:6px 18px 14px;margin:14px 0;break-inside:avoid}
h2{font-size:18px;margin:10px 0}h2 small{font-weight:400;color:#6b6b78;font-size:13px;margin-left:8px}h3{font-size:14px;margin:14px 0 6px;color:#4a4a58}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eee;vertical-align:top}th{font-weight:600;color:#6b6b78;font-size:12px}
td.num{text-align:right;white-space:nowrap}td:has(>a.proof){white-space:nowrap}.up{color:#0a7d32;font-weight:600}.down{color:#c0262d;font-weight:600}.muted{color:#8a8a96}
.bars{display:flex;gap:2px;min-width:260px}.bar{font-size:11px;white-space:nowrap;overflow:hidden;padding:1px 4px;border-radius:3px;background:#e8e8ef;color:#333}
.bar.ours{background:#2f7d5b;color:#fff}.bar.competitor{background:#e4a23c;color:#222}.slot{display:inline-block;background:#eef3ff;border-radius:3px;padding:0 4px;font-size:12px}
.badge.ok{background:#e2f5e9;color:#0a5d27}a.proof{font-size:12px;color:#3552b0}.badge{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;background:#eee}.badge.selector_miss,.badge.failed,.badge.http_error,.badge.timeout{background:#fde2e2;color:#8a1c1c}.badge.blocked{background:#fff1cc;color:#7a5400}
ul.problems{margin:4px 0;padding-left:18px}footer{padding:10px 28px 24px;color:#8a8a96;font-size:12px}
@media print{body{background:#fff}a.proof{display:none}header{background:#fff;color:#000;border-bottom:2px solid #000}section.target{border:none;padding:0}}`;
