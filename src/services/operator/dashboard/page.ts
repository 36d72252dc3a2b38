/**
 * The dashboard page (GET /operator): a static shell in Korean with the bundled script inline.
 * It holds no data: the script asks for the operator token, then renders from the ops summary.
 * The Content-Security-Policy allows exactly this script (by hash) and calls to this origin.
 */
import { createHash } from 'node:crypto'
import { dashboardScript } from '../../../../generated/operator/dashboard.gen.js'

// `</script` inside the code would end the element early; `<\/` means the same to JavaScript.
const script = dashboardScript.replace(/<\/(script)/gi, '<\\/$1')

const STYLE = `
body{font-family:system-ui,"Noto Sans KR","Apple SD Gothic Neo",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;background:#f7f8fa}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:0 0 .6rem}
section,form#login-form,dl{background:#fff;border:1px solid #d9dde5;border-radius:8px;padding:1rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:8rem 1fr;gap:.3rem .8rem}dt{color:#5b6475}dd{margin:0;font-weight:600}
button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #2f5bd3;background:#2f5bd3;color:#fff;cursor:pointer}
button[disabled]{background:#c5cbd8;border-color:#c5cbd8;cursor:not-allowed}
input{font:inherit;padding:.4rem;border:1px solid #b8bfcc;border-radius:6px;margin:0 .5rem}
pre{background:#0f1522;color:#d7e2ff;padding:.8rem;border-radius:6px;min-height:1.5rem;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.6rem 0}caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-bottom:1px solid #e3e6ec;padding:.3rem .5rem;text-align:left}td:nth-child(4),td:nth-child(5),th:nth-child(4),th:nth-child(5){text-align:right}
li[data-status=FAILED]{color:#b3261e;font-weight:600}li[data-status=SKIPPED]{color:#8a5a00}
#waiting{font-size:1.2rem;font-weight:700;color:#8a5a00}
#message{min-height:1.4rem}#message[data-kind=error]{color:#b3261e;font-weight:600}
body[data-mode=LIVE] #mode{color:#b3261e}`

const html = `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Operator Dashboard</title>
<style>${STYLE}</style></head>
<body data-stage="LOCKED">
<h1>Operator Dashboard</h1>
<form id="login-form"><label for="api-token">운영자 토큰</label><input id="api-token" type="password" autocomplete="off"><button id="login" type="submit">연결</button></form>
<p id="message" role="status"></p>
<main id="app"></main>
<script>${script}</script>
</body>
</html>
`

export const dashboardCsp = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

export const renderDashboard = () => html
