// Links from the first read portal (http://localhost:5080/#/enhet/<id>?datum=2025-06-01) kept working: the gateway sends
// "/" here with the fragment, and this turns it into the page's own address (/enheter/<id>?dag=2025-06-01).
"use strict";
(() => {
  const match = /^#\/(enhet|direktor|namnd|process)\/([0-9a-f-]{36})(?:\?datum=(\d{4}-\d{2}-\d{2}))?$/i.exec(location.hash);
  if (!match) return;
  const pages = { enhet: "enheter", direktor: "direktorer", namnd: "namnder", process: "processer" };
  location.replace(`/${pages[match[1].toLowerCase()]}/${match[2]}${match[3] ? `?dag=${match[3]}` : ""}`);
})();
