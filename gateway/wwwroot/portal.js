// Nacka kommuns organisation: the portal page. Plain JavaScript against the gateway's composed views
// (/api/org/...), no framework: a search with results as you type, a page per unit, director,
// committee and process, and a date that every read is made on (?asOf=). The address keeps the page
// and the date (#/enhet/<id>?datum=2025-06-01) so a link shows the same thing to the next reader.
"use strict";

const typer = { unit: "Enhet", director: "Direktör", committee: "Nämnd", process: "Process" };
const sidor = { unit: "enhet", director: "direktor", committee: "namnd", process: "process" };
const processtyper = { main: "huvudprocess", steering: "styrprocess", support: "stödprocess" };
const roller = { chair: "ordförande", member: "ledamot" };
const namndtyper = { ExecutiveBoard: "kommunstyrelsen", Committee: "nämnd" };
const tjanster = { units: "enhetsregistret", committees: "nämndregistret", processes: "processregistret", mandates: "mandatregistret" };

const datum = document.getElementById("datum");
const sok = document.getElementById("sok");
const traffar = document.getElementById("traffar");
const sokstatus = document.getElementById("sokstatus");
const vy = document.getElementById("vy");

/** Builds an element from text and children only (never HTML), so names from the registers cannot inject markup. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const idag = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
const valtDatum = () => datum.value || idag();
const lank = (kind, id, text) => el("a", { href: `#/${sidor[kind]}/${id}${datumDel()}` }, text);
const datumDel = () => (datum.value && datum.value !== idag() ? `?datum=${datum.value}` : "");
const procent = (andel) => `${Math.round(andel * 100)} %`;
const beslut = (d) => d ? [d.body, d.date, d.paragraph, d.caseNumber].filter(Boolean).join(" ") : null;

async function hamta(path, signal) {
  const separator = path.includes("?") ? "&" : "?";
  const response = await fetch(`${path}${separator}asOf=${valtDatum()}`, { headers: { Accept: "application/json" }, signal });
  if (response.status === 404) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `Svar ${response.status}`);
  return body;
}

// ---- Search ---------------------------------------------------------------------------------------

let pagaende = null;
let vantar = null;

function sokNu() {
  const q = sok.value.trim();
  pagaende?.abort();
  if (!q) {
    traffar.replaceChildren();
    sokstatus.textContent = "";
    return;
  }
  pagaende = new AbortController();
  const signal = pagaende.signal;
  hamta(`/api/org/search?q=${encodeURIComponent(q)}&pageSize=10`, signal).then((svar) => {
    const items = svar?.items ?? [];
    traffar.replaceChildren(...items.map((hit) => el("li", {},
      el("a", { href: `#/${sidor[hit.kind]}/${hit.id}${datumDel()}`, "data-kind": hit.kind },
        el("span", { class: "namn" }, hit.name),
        el("span", { class: "typ" }, [typer[hit.kind], processtyper[hit.detail] || namndtyper[hit.detail] || hit.detail].filter(Boolean).join(" · "))))));
    sokstatus.textContent = items.length === 0 ? `Inga träffar för "${q}".`
      : `${svar.totalCount} träffar${svar.totalCount > items.length ? `, de ${items.length} bästa visas` : ""}.`;
    if (svar?.missing?.length) sokstatus.textContent += ` ${saknasText(svar.missing)}`;
  }).catch((error) => {
    if (error.name !== "AbortError") sokstatus.textContent = `Sökningen misslyckades: ${error.message}`;
  });
}

sok.addEventListener("input", () => {
  clearTimeout(vantar);
  vantar = setTimeout(sokNu, 150);
});

sok.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && traffar.querySelector("a")) {
    event.preventDefault();
    traffar.querySelector("a").focus();
  } else if (event.key === "Escape") {
    sok.value = "";
    sokNu();
  }
});

traffar.addEventListener("keydown", (event) => {
  const links = [...traffar.querySelectorAll("a")];
  const at = links.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && at < links.length - 1) {
    event.preventDefault();
    links[at + 1].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    (at > 0 ? links[at - 1] : sok).focus();
  } else if (event.key === "Escape") {
    sok.focus();
  }
});

// ---- Pages ----------------------------------------------------------------------------------------

function saknasText(missing) {
  return `Uppgifter från ${missing.map((m) => tjanster[m] || m).join(" och ")} kunde inte hämtas just nu; det som visas är ofullständigt.`;
}

function ram(rubrik, ...innehall) {
  return el("article", { class: "kort" }, el("h2", { tabindex: "-1" }, rubrik), ...innehall);
}

function fakta(rader) {
  return el("dl", { class: "fakta" }, rader.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .flatMap(([namn, varde]) => [el("dt", {}, namn), el("dd", {}, varde)]));
}

function avsnitt(id, rubrik, innehall, tomText) {
  const tom = innehall === null || (Array.isArray(innehall) && innehall.length === 0);
  return el("section", { id, "aria-labelledby": `${id}-rubrik` }, el("h3", { id: `${id}-rubrik` }, rubrik),
    tom ? el("p", { class: "tom" }, tomText) : innehall);
}

function saknas(missing) {
  return missing?.length ? el("p", { class: "saknas", role: "note" }, saknasText(missing)) : null;
}

function enhetSida(v) {
  const u = v.unit;
  const chef = v.manager
    ? [el("span", { id: "chefens-namn" }, v.manager.name), ` (${v.manager.title})`,
      v.manager.decision ? el("span", {}, ` – mandat enligt ${beslut(v.manager.decision)}`) : null]
    : el("span", { class: "tom" }, `Ingen ${u.managerTitle?.toLowerCase() || "chef"} med mandat detta datum`);
  const direktor = v.director
    ? [lank("director", v.director.directorPostId, v.director.title), v.director.holderName ? ` (${v.director.holderName})` : " (vakant)"]
    : null;
  const uppdrag = v.assignments === null ? null : v.assignments.byCommittee.map((c) => el("div", { class: "namnd" },
    el("h4", {}, lank("committee", c.committee.id, c.committee.name), el("span", { class: "andel" }, ` ${c.count} st, ${procent(c.share)}`)),
    el("ul", { class: "lista" }, c.assignments.map((a) => el("li", {}, a.title,
      el("span", { class: "andel" }, ` från ${a.from}${a.to ? ` till ${a.to}` : ""}${a.briefing ? `, genomgånget ${a.briefing.briefedOn}` : ""}`))))));
  const processer = v.processes?.map((p) => el("li", {}, lank("process", p.id, p.name),
    p.role ? ` – ${p.role}` : "", p.owner?.title ? el("span", { class: "andel" }, ` (ägare: ${p.owner.title})`) : null));
  return ram(u.name,
    saknas(v.missing),
    fakta([
      ["Typ", u.kind], ["Status", u.status === "active" ? "aktiv" : u.status],
      [u.managerTitle || "Chef", el("span", { id: "chef" }, chef)],
      ["Rapporterar till", direktor],
      ["Bildad", u.establishedOn], ["Upphör", u.dissolvedOn],
      ["Besöksadress", u.visitingAddress ? [u.visitingAddress.street, u.visitingAddress.postalCode, u.visitingAddress.city].filter(Boolean).join(", ") : null],
    ]),
    avsnitt("uppdrag", v.assignments?.total ? `Uppdrag från nämnderna (${v.assignments.total})` : "Uppdrag från nämnderna",
      uppdrag, v.assignments === null ? "Uppdragen kunde inte hämtas." : "Inga pågående uppdrag."),
    avsnitt("processer", "Processer", processer ? el("ul", { class: "lista" }, processer) : null,
      v.processes === null ? "Processerna kunde inte hämtas." : "Deltar inte i någon process."));
}

function direktorSida(v) {
  const d = v.director;
  return ram(d.title,
    saknas(v.missing),
    fakta([["Innehavare", d.holder?.name ?? el("span", { class: "tom" }, "vakant")], ["Sedan", d.holder?.from], ["Inrättad", d.createdOn], ["Upphör", d.endedOn]]),
    avsnitt("enheter", "Enheter som rapporterar hit", v.units?.length ? el("ul", { class: "lista" }, v.units.map((u) => el("li", {},
      lank("unit", u.id, u.name), u.manager ? ` – ${u.manager.name} (${u.manager.title})` : el("span", { class: "tom" }, " – ingen chef med mandat")))) : null,
      "Inga enheter."),
    avsnitt("agda-processer", "Processer som ägs", v.processesOwned?.length ? el("ul", { class: "lista" }, v.processesOwned.map((p) => el("li", {},
      lank("process", p.id, p.name), p.purpose ? ` – ${p.purpose}` : ""))) : null, "Äger ingen process."),
    avsnitt("namnder", "Nämnder (förvaltningschef för)", v.committeesLinked?.length ? el("ul", { class: "lista" }, v.committeesLinked.map((c) => el("li", {},
      lank("committee", c.id, c.name)))) : null, "Ingen nämnd."),
    avsnitt("grupper", "Sitter i ledningsgrupper", v.groupsSatIn?.length ? el("ul", { class: "lista" }, v.groupsSatIn.map((g) => el("li", {},
      lank("process", g.processId, g.processName), ` – ${roller[g.seat.role] || g.seat.role}`))) : null, "Ingen ledningsgrupp."));
}

function processSida(v) {
  return ram(v.name,
    saknas(v.missing),
    fakta([["Typ", processtyper[v.kind] || v.kind], ["Ägare", v.owner ? [lank("director", v.owner.directorPostId, v.owner.title ?? "direktör"), v.owner.holderName ? ` (${v.owner.holderName})` : ""] : null],
      ["Syfte", v.purpose], ["Levererar", v.delivers], ["Status", v.status === "active" ? "aktiv" : v.status]]),
    avsnitt("deltagande-enheter", "Deltagande enheter", v.units.length ? el("ul", { class: "lista" }, v.units.map((u) => el("li", {},
      lank("unit", u.unitId, u.unitName ?? "enhet"), ` – ${u.role}`, u.manager ? el("span", { class: "andel" }, ` (${u.manager.title}: ${u.manager.name})`) : null))) : null,
      "Inga enheter deltar."),
    avsnitt("aktorer", "Externa aktörer", v.actors.length ? el("ul", { class: "lista" }, v.actors.map((a) => el("li", {},
      a.name, el("span", { class: "andel" }, ` (${a.organisationsnummer})`), a.delivers ? ` – ${a.delivers}` : ""))) : null, "Inga externa aktörer."),
    avsnitt("ledningsgrupp", "Ledningsgrupp", v.managementGroup.length ? el("ul", { class: "lista" }, v.managementGroup.map((s) => el("li", {},
      el("strong", {}, s.person ?? "vakant"), ` – ${roller[s.role] || s.role}`, s.label ? el("span", { class: "andel" }, ` (${s.label})`) : null))) : null, "Ingen ledningsgrupp."));
}

async function namndSida(id, signal) {
  const [namnd, uppdrag] = await Promise.all([hamta(`/api/committees/${id}`, signal), hamta(`/api/assignments?committeeId=${id}&status=issued&pageSize=100`, signal)]);
  if (!namnd) return null;
  return ram(namnd.name,
    fakta([["Typ", namndtyper[namnd.kind] || namnd.kind], ["Ansvar", namnd.area], ["Bildad", namnd.establishedOn], ["Upphör", namnd.dissolvedOn]]),
    avsnitt("forvaltningschefer", "Förvaltningschefer", namnd.linkDirectors.length ? el("ul", { class: "lista" }, namnd.linkDirectors.map((l) => el("li", {},
      lank("director", l.directorPostId, l.title ?? "direktör"), l.holderName ? ` (${l.holderName})` : ""))) : null, "Ingen."),
    avsnitt("givna-uppdrag", `Pågående uppdrag (${uppdrag?.totalCount ?? 0})`, uppdrag?.items.length ? el("ul", { class: "lista" }, uppdrag.items.map((a) => el("li", {},
      a.title, " – ", lank("unit", a.unit.id, a.unit.name ?? "enhet")))) : null, "Inga pågående uppdrag."));
}

const sidhamtare = {
  enhet: async (id, signal) => { const v = await hamta(`/api/org/units/${id}`, signal); return v && enhetSida(v); },
  direktor: async (id, signal) => { const v = await hamta(`/api/org/directors/${id}`, signal); return v && direktorSida(v); },
  process: async (id, signal) => { const v = await hamta(`/api/org/processes/${id}`, signal); return v && processSida(v); },
  namnd: namndSida,
};

let visas = null;

async function visa() {
  const [vag, fraga] = location.hash.slice(1).split("?");
  const valt = new URLSearchParams(fraga || "").get("datum");
  if (valt && /^\d{4}-\d{2}-\d{2}$/.test(valt) && datum.value !== valt) datum.value = valt;
  const [, sida, id] = vag.split("/");
  const hamtare = sidhamtare[sida];
  if (!hamtare || !/^[0-9a-f-]{36}$/i.test(id || "")) return;

  visas?.abort();
  visas = new AbortController();
  const signal = visas.signal;
  vy.setAttribute("aria-busy", "true");
  try {
    const innehall = await hamtare(id, signal);
    vy.replaceChildren(innehall ?? ram("Hittades inte", el("p", {}, `Det fanns inget med det id:t den ${valtDatum()}.`)));
    document.title = `${vy.querySelector("h2").textContent} – Nacka kommuns organisation`;
    vy.querySelector("h2").focus();
  } catch (error) {
    if (error.name !== "AbortError") vy.replaceChildren(el("p", { class: "fel", role: "alert" }, `Kunde inte visa sidan: ${error.message}`));
  } finally {
    vy.removeAttribute("aria-busy");
  }
}

function nyttDatum() {
  const [vag] = location.hash.slice(1).split("?");
  const ny = `#${vag || "/"}${datumDel()}`;
  if (location.hash !== ny) history.replaceState(null, "", ny);
  visa();
  sokNu();
}

datum.addEventListener("change", nyttDatum);
document.getElementById("idag").addEventListener("click", () => { datum.value = idag(); nyttDatum(); });
window.addEventListener("hashchange", visa);
datum.value = idag();
visa();
