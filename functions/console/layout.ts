import { html, raw } from 'hono/html';

/** What `html` returns: text whose interpolated values were escaped (hono's html helper escapes by default). */
export type Html = ReturnType<typeof html>;

/**
 * The console's one stylesheet, inline with the request's CSP nonce (no external assets). Wide screens get
 * tables; below 720px each row becomes a card, so the list works on a phone at 3 a.m.
 */
const STYLE = `
:root{--fg:#1d232b;--muted:#5a6572;--line:#d8dde3;--bg:#f5f7f9;--card:#fff;--accent:#0b5cad;
--crit:#a4161a;--high:#c2410c;--med:#a16207;--low:#3f6212;--info:#475569;--ok:#166534}
*{box-sizing:border-box}
body{margin:0;font-family:"Hiragino Sans","Noto Sans JP","Yu Gothic UI",Meiryo,system-ui,sans-serif;
color:var(--fg);background:var(--bg);line-height:1.6;font-size:15px}
header.bar{background:#14263d;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
header.bar .app{font-weight:700;letter-spacing:.02em}
header.bar nav{display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
header.bar a{color:#fff}
header.bar .who{margin-left:auto;font-size:.85rem;opacity:.9;display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}
header.bar form{margin:0}
header.bar button{background:transparent;color:#fff;border:1px solid #ffffff80;padding:.15rem .6rem;font-size:.8rem}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.4rem 0 1rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem}
a{color:var(--accent)}
.flash{background:#e7f4ea;border:1px solid #9fd3ae;padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}
.warn{background:#fff4e5;border:1px solid #f5c27a;padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}
.muted{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;background:var(--card);border:1px solid var(--line);
border-radius:8px;padding:.7rem .8rem;margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.15rem}
select,input,textarea{font:inherit;padding:.35rem .45rem;border:1px solid #b9c1ca;border-radius:5px;background:#fff;color:var(--fg)}
textarea{width:100%;min-height:7rem}
button{font:inherit;cursor:pointer;border-radius:5px;border:1px solid var(--accent);background:var(--accent);color:#fff;padding:.35rem .9rem}
button{white-space:nowrap}
button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#9b1c1c;border-color:#9b1c1c}
table.list{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
table.list th,table.list td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
table.list th{background:#eef1f4;font-size:.8rem;color:var(--muted);font-weight:600;white-space:nowrap}
table.list td.when{white-space:nowrap;font-variant-numeric:tabular-nums}
table.list td.title{min-width:16rem}
table.list td.title a{font-weight:600;overflow-wrap:anywhere}
table.list td.owner{min-width:12rem}
table.timeline th:nth-child(1){width:12rem}
table.timeline th:nth-child(2){width:13rem}
table.timeline th:nth-child(3){width:16rem}
.id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;color:var(--muted);word-break:break-all}
.sev{display:inline-block;min-width:3.2rem;text-align:center;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:700;color:#fff}
.sev-CRITICAL{background:var(--crit)}.sev-HIGH{background:var(--high)}.sev-MEDIUM{background:var(--med)}
.sev-LOW{background:var(--low)}.sev-INFORMATIONAL{background:var(--info)}
.state{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;border:1px solid currentColor;white-space:nowrap}
.state-open{color:var(--crit)}.state-acknowledged{color:var(--med)}.state-resolved{color:var(--ok)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:var(--card);border:1px solid var(--line);
border-radius:8px;padding:.8rem 1rem;margin:0}
.facts dt{color:var(--muted);font-size:.85rem}
.facts dd{margin:0;word-break:break-word}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.actions form{margin:0}
.pager{display:flex;justify-content:space-between;margin:1rem 0}
.confirm{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;max-width:640px}
.confirm label{display:block;margin:.6rem 0 .2rem;font-weight:600}
.confirm button+a{margin-left:1rem}
.confirm .check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:1rem 0}
.report{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;overflow-x:auto}
.signin{max-width:520px;margin:3rem auto;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1.4rem}
.signin ul{padding-left:1.2rem}
@media (max-width:720px){
 main{padding:.6rem}
 table.list,table.list tbody,table.list tr,table.list td{display:block;width:100%}
 table.list thead{display:none}
 table.list{border:none;background:transparent}
 table.list tr{background:var(--card);border:1px solid var(--line);border-radius:8px;margin-bottom:.7rem;padding:.35rem .2rem}
 table.list td{border:none;padding:.2rem .6rem}
 table.list td:empty{display:none}
 table.list td.title{min-width:0}
 table.list td[data-label]{position:relative;padding-left:7.4rem}
 table.list td[data-label]::before{content:attr(data-label);position:absolute;left:.6rem;top:.3rem;width:6.4rem;color:var(--muted);font-size:.8rem}
 .facts{grid-template-columns:1fr}
 .facts dt{margin-top:.4rem}
 header.bar .who{margin-left:0}
}
@media print{header.bar,.actions,.filters{display:none}}
`;

export type Frame = {
  readonly title: string;
  /** The CSP nonce of this response (`hono/secure-headers`). */
  readonly nonce: string;
  /** The signed-in user's label (`統合運用チーム・dev:team-oncall`) and the CSRF token of its sign-out form. */
  readonly user?: { readonly label: string; readonly csrf: string; readonly reportHref?: string };
  readonly flash?: string;
  readonly body: Html;
};

/** A whole page: header with navigation and sign-out, then the body. */
export const page = (frame: Frame): Html => html`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} — アラートルーター</title>
<style nonce="${frame.nonce}">${raw(STYLE)}</style>
</head>
<body>
<header class="bar">
<span class="app">アラートルーター コンソール</span>
${
  frame.user === undefined
    ? ''
    : html`<nav><a href="/incidents">インシデント</a>${
        frame.user.reportHref === undefined ? '' : html`<a href="${frame.user.reportHref}">月次レポート</a>`
      }</nav>
<span class="who"><span>${frame.user.label}</span>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="${frame.user.csrf}"><button type="submit">サインアウト</button></form></span>`
}
</header>
<main>
${frame.flash === undefined ? '' : html`<p class="flash" role="status">${frame.flash}</p>`}
${frame.body}
</main>
</body>
</html>`;

/** A short page that says one thing: a refusal, a sign-in prompt, a missing page. */
export const notice = (heading: string, lines: readonly (string | Html)[]): Html =>
  html`<section class="signin"><h1>${heading}</h1>${lines.map((line) => html`<p>${line}</p>`)}</section>`;
