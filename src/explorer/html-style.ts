/** The explorer's style sheet (inlined once; the CSP allows it by its hash). State colours are those of the SVG (svg-colours.ts). */
export const EXPLORER_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:13px/1.35 "DejaVu Sans",Verdana,Helvetica,Arial,sans-serif;color:#222}
body{display:grid;grid-template-columns:1fr 320px;grid-template-rows:auto 1fr;height:100vh}
#bar{grid-column:1/3;padding:6px 10px;border-bottom:1px solid #ddd;background:#fafafa;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
#bar form{display:flex;gap:4px}
#search{width:260px;padding:3px 6px}
#depth{width:48px}
#summary{font-size:14px}
#summary .down{color:#c62828}#summary .degraded{color:#a86b00}
#message{color:#b00020}
.chip{border:1px solid #c62828;background:#fbd9d6;color:#7f1010;border-radius:10px;padding:1px 8px;cursor:pointer}
#side{grid-row:2;grid-column:2;overflow:auto;border-left:1px solid #ddd;padding:0 10px 20px}
#side h2{font-size:13px;text-transform:uppercase;color:#666;margin:14px 0 6px}
#side h3{margin:4px 0;word-break:break-all}#side h4{margin:10px 0 4px}
#side ol,#side ul{margin:0;padding-left:20px}
#side dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:4px 0}#side dt{color:#666}#side dd{margin:0;word-break:break-all}
.actions{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
button.link{border:0;background:none;padding:0;color:#1d4f82;cursor:pointer;text-align:left;font:inherit;word-break:break-all}
button.link.down{color:#c62828}button.link.degraded{color:#a86b00}
button.scenario{border:1px solid #bbb;background:#fff;border-radius:4px;cursor:pointer;padding:1px 6px;margin:1px 0;font:inherit}
button.scenario.active{background:#fbd9d6;border-color:#c62828}
.counts{color:#666;font-size:12px}.hint{color:#666}
#stage{grid-row:2;grid-column:1;overflow:hidden;position:relative;background:#fff}
#stage>svg{width:100%;height:100%;display:block;cursor:grab;user-select:none}
#stage g[data-id],#stage g[data-location]>rect:first-of-type{cursor:pointer}
.hidden{display:none}
.scenario #stage g[data-kind][data-state=up]>rect:first-of-type{fill:#f5f5f5;stroke:#b9b9b9}
.scenario #stage g[data-kind][data-state=up]>text{fill:#8c8c8c}
#stage g[data-kind][data-state=degraded]>rect:first-of-type{fill:#fdeec9;stroke:#c98000}
#stage g[data-kind][data-state=degraded]>text{fill:#6b4500}
#stage g[data-kind][data-state=down]>rect:first-of-type{fill:#fbd9d6;stroke:#c62828}
#stage g[data-kind][data-state=down]>text{fill:#7f1010}
#stage g[data-kind][data-failed]>rect:first-of-type{stroke:#7f0000;stroke-width:3.2}
#stage g[data-location][data-state=down]>rect:first-of-type{fill:#fdeceb;stroke:#c62828;stroke-dasharray:6 3}
#stage g[data-location][data-failed]>rect:first-of-type{stroke-width:3;stroke-dasharray:none}
#stage g[data-from][data-state=up]>path:first-of-type{stroke:#c4c4c4}#stage g[data-from][data-state=up]>path:last-of-type{fill:#c4c4c4}
#stage g[data-from][data-state=down]>path:first-of-type{stroke:#c62828;stroke-width:2}#stage g[data-from][data-state=down]>path:last-of-type{fill:#c62828}
#stage g[data-from][data-state=degraded]>path:first-of-type{stroke:#c98000;stroke-width:1.8}#stage g[data-from][data-state=degraded]>path:last-of-type{fill:#c98000}
#stage g.on-path>rect:first-of-type{stroke:#111;stroke-width:3}
#stage g[data-from].on-path>path:first-of-type{stroke:#111;stroke-width:3}
#stage g.spof>rect:first-of-type{stroke:#6a1b9a;stroke-width:4}
#stage g.selected>rect:first-of-type{stroke:#0b57d0;stroke-width:4}
`;
