/** The pages' one stylesheet, inline (the policy allows no other): readable on a phone, printable, high contrast. */
export const STYLE = `*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d1d24;margin:0;background:#f7f7fa}
a{color:#2c4aa8}a:focus-visible{outline:3px solid #ffb000;outline-offset:2px}.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:2}
header.top{background:#2f2a4a;color:#fff;padding:14px 24px}header.top a{color:#ffd479}header.top h1{margin:0;font-size:21px}header.top .date{opacity:.85;font-weight:400}
nav.bar{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:6px;font-size:14px}nav.bar .here{color:#fff;font-weight:600;text-decoration:none}
.lede{margin:6px 0 0;opacity:.92}main{padding:10px 24px 24px;max-width:1400px}
section.card{background:#fff;border:1px solid #e3e3ea;border-radius:8px;padding:6px 16px 12px;margin:14px 0;break-inside:avoid}
h2{font-size:18px;margin:10px 0}h2 small{font-weight:400;color:#5c5c6a;font-size:13px;margin-left:8px}h3{font-size:15px;margin:14px 0 6px;color:#3d3d4a}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:4px 0;color:#3d3d4a}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eee;vertical-align:top}th{font-weight:600;color:#4a4a58;font-size:12px}
td.num{text-align:right;white-space:nowrap}.up{color:#0a6b2c;font-weight:600}.down{color:#b3202a;font-weight:600}.muted{color:#6b6b78}.warning{color:#8a5a00;font-size:.9em}
.share{min-width:220px}.stack{display:flex;height:12px;border-radius:3px;overflow:hidden;background:#e8e8ef}.stack span{display:block;height:100%}
.s-ours{background:#2f7d5b}.s-competitor{background:#e4a23c}.s-other{background:#b9b9c6}
ul.legend{list-style:none;margin:4px 0 0;padding:0;font-size:12px;line-height:1.35}ul.legend li{white-space:nowrap}ul.legend i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:4px}
.slot{display:inline-block;background:#eef3ff;border-radius:3px;padding:0 4px;font-size:12px}.badge{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;background:#eee}
.badge.ok{background:#e2f5e9;color:#0a5d27}.badge.selector_miss,.badge.failed,.badge.http_error,.badge.timeout{background:#fde2e2;color:#8a1c1c}.badge.blocked{background:#fff1cc;color:#6d4b00}
.proof a{font-size:12px;white-space:nowrap}.kpis{display:flex;flex-wrap:wrap;gap:8px 22px;margin:6px 0}.kpi b{display:block;font-size:20px}.kpi span{font-size:12px;color:#5c5c6a}
svg.chart{display:block}svg.chart .axis{stroke:#9a9aa8;stroke-width:1}svg.chart .tick,svg.chart .last{font-size:10px;fill:#4a4a58}svg.chart .last{font-weight:600}
svg.chart .line{fill:none;stroke:#2f7d5b;stroke-width:1.8}svg.chart circle{fill:#2f7d5b}
.windows a{margin-right:8px}.windows .here{font-weight:600;text-decoration:none;color:#1d1d24}
ul.plain{margin:4px 0;padding-left:18px}ol.days{list-style:none;padding:0;margin:0}ol.days li{padding:6px 0;border-bottom:1px solid #eee}
form.inline{display:inline}button,input,select{font:inherit}footer{padding:10px 24px 24px;color:#5c5c6a;font-size:12px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:700px){main{padding:8px 10px}header.top{padding:12px}section.card{padding:4px 10px 10px}th,td{padding:4px 5px}.share{min-width:150px}}
@media print{body{background:#fff}header.top{background:#fff;color:#000;border-bottom:2px solid #000}header.top a,nav.bar,.proof,.windows,form{display:none}section.card{border:none;padding:0}a{color:#000;text-decoration:none}}`;
