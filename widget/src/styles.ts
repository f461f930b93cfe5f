// The widget's stylesheet, scoped by its shadow root. Themable through --bw-* custom properties set
// on the <booking-widget> element (or any ancestor): they inherit into the shadow tree.
export const STYLES = `
:host{
  --t:var(--bw-text,#1b1f29);--m:var(--bw-muted,#566070);--bg:var(--bw-bg,#fff);--s:var(--bw-surface,#f3f5f9);
  --b:var(--bw-border,#cfd5df);--a:var(--bw-accent,#1f5fd6);--at:var(--bw-accent-text,#fff);
  --e:var(--bw-error,#b3261e);--ok:var(--bw-success,#17703a);--w:var(--bw-warning,#8a5300);
  --f:var(--bw-focus,var(--bw-accent,#1f5fd6));--r:var(--bw-radius,10px);
  display:block;font-family:var(--bw-font,inherit);font-size:var(--bw-font-size,1rem);line-height:1.45;color:var(--t);
  min-width:0;
}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:border-box}
.card{max-width:var(--bw-max-width,42rem);background:var(--bg);border:1px solid var(--b);border-radius:var(--r);
  padding:clamp(.75rem,3vw,1.5rem);overflow-wrap:anywhere}
h2{font-size:1.3em;margin:0;line-height:1.25}
h3{font-size:1.05em;margin:1.3em 0 .5em}
h4{font-size:1em;margin:0}
p{margin:.4em 0}
[tabindex="-1"]:focus{outline:none}
[tabindex="-1"]:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.tz,.muted,.hint{color:var(--m);font-size:.9em}
.tz{margin:.3em 0 0}
.msg{margin:.9em 0 0;padding:.6em .8em;border-radius:calc(var(--r)*.6);border-inline-start:4px solid var(--m);background:var(--s)}
.msg:empty{display:none}
.msg.success{border-color:var(--ok)}
.msg.warning{border-color:var(--w)}
.msg.error{border-color:var(--e);color:var(--e)}
.grid{display:grid;gap:.5em;grid-template-columns:repeat(auto-fill,minmax(min(100%,11rem),1fr))}
.cal{max-width:24rem}
.cal-head{display:flex;align-items:center;justify-content:space-between;gap:.5em}
.cal-head h4{font-size:1em;text-align:center;flex:1}
.cal-head .nav{min-width:44px;font-size:1.2em;line-height:1}
table[role="grid"]{border-collapse:separate;border-spacing:.2em;width:100%;table-layout:fixed}
th{font-size:.8em;font-weight:600;color:var(--m);padding:.2em 0}
td{padding:0;text-align:center}
td button,td .past{width:100%;min-height:44px;padding:0;position:relative;font-variant-numeric:tabular-nums}
td .past{display:flex;align-items:center;justify-content:center;color:var(--m);opacity:.55}
td button[data-open="true"]::after{content:"";position:absolute;inset-block-end:.3em;inset-inline-start:50%;width:.35em;height:.35em;
  margin-inline-start:-.175em;border-radius:50%;background:currentColor}
td button[data-open="false"]{color:var(--m);border-style:dashed}
.slots{list-style:none;margin:0;padding:0;display:grid;gap:.4em;grid-template-columns:repeat(auto-fill,minmax(4.6rem,1fr))}
button{font:inherit;color:inherit;min-height:44px;border:1px solid var(--b);border-radius:calc(var(--r)*.6);
  background:var(--bg);padding:.45em .75em;cursor:pointer;text-align:center}
button:hover{border-color:var(--a)}
button[aria-pressed="true"],td[aria-selected="true"] button{background:var(--a);border-color:var(--a);color:var(--at)}
button.primary{background:var(--a);border-color:var(--a);color:var(--at);font-weight:600}
a.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;border:1px solid var(--b);
  border-radius:calc(var(--r)*.6);padding:.45em .75em;color:var(--a);text-decoration:none;flex:1 1 auto}
a.button:focus-visible{outline:3px solid var(--f);outline-offset:2px}
button.danger{background:var(--e);border-color:var(--e);color:#fff;font-weight:600}
.confirm{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;flex:1 1 100%;background:var(--s);
  border-radius:calc(var(--r)*.6);padding:.5em .7em}
.confirm p{flex:1 1 100%;margin:0}
button.link{border-color:transparent;background:none;color:var(--a);text-decoration:underline}
button[aria-disabled="true"]{opacity:.6;cursor:progress}
button:focus-visible,input:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.choice{text-align:start;width:100%}
.sub{display:block;font-size:.82em;opacity:.85}
.slot{width:100%;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
select{font:inherit;color:var(--t);min-height:44px;padding:.4em .6em;border:1px solid var(--b);border-radius:calc(var(--r)*.6);background:var(--bg);max-width:100%}
select:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.staff{margin:.5em 0}
.skeleton{display:grid;gap:.4em;grid-template-columns:repeat(auto-fill,minmax(4.6rem,1fr));margin:.4em 0}
.skeleton span{display:block;height:44px;border-radius:calc(var(--r)*.6);background:var(--s);animation:bw-pulse 1.2s ease-in-out infinite}
@keyframes bw-pulse{50%{opacity:.45}}
@media (prefers-reduced-motion:reduce){.skeleton span{animation:none}}
.banner,.summary{background:var(--s);border-radius:calc(var(--r)*.6);padding:.6em .8em;margin:.9em 0}
.banner{display:flex;flex-wrap:wrap;align-items:center;gap:.5em}
.timer{font-variant-numeric:tabular-nums}
.timer strong{font-size:1.15em}
form{margin-top:.5em}
.field{margin:0 0 .85em}
label{display:block;font-weight:600;margin-bottom:.25em}
input{font:inherit;color:var(--t);width:100%;min-height:44px;padding:.5em .65em;border:1px solid var(--b);
  border-radius:calc(var(--r)*.6);background:var(--bg)}
input[readonly]{background:var(--s)}
input[aria-invalid="true"]{border-color:var(--e);box-shadow:0 0 0 1px var(--e)}
.error{color:var(--e);font-size:.9em;margin:.3em 0 0}
.actions{display:flex;flex-wrap:wrap;gap:.5em;margin-top:1em}
.actions button{flex:1 1 auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em .9em;margin:.6em 0}
dt{color:var(--m)}dd{margin:0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;word-break:break-all}
ul.bookings{list-style:none;padding:0;margin:0;display:grid;gap:.5em}
ul.bookings li{border:1px solid var(--b);border-radius:calc(var(--r)*.6);padding:.6em .8em}
@media (max-width:360px){dl{grid-template-columns:1fr}dt{margin-top:.3em}}
`;
