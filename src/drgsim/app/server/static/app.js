// Small helpers of the programmer pages: confirmation of "all off" and the program preview
// (which polls while the coverage is being computed).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm || "Are you sure?")) event.preventDefault();
    });
  }
  const preview = document.getElementById("preview");
  if (preview) preview.addEventListener("click", runPreview);
});

function programFromForm(form) {
  const data = new FormData(form);
  const leads = [];
  for (const fieldset of form.querySelectorAll("fieldset.lead")) {
    const ch = Number(fieldset.id.replace("lead", ""));
    if (data.get(`lead${ch}_present`) !== "on") continue;
    let polarity = "";
    for (let c = 0; c < 4; c++) polarity += data.get(`lead${ch}_c${c}`) || "0";
    leads.push({
      channel: ch,
      polarity: polarity,
      enabled: data.get(`lead${ch}_enabled`) === "on",
      amplitude_mA: Number(data.get(`lead${ch}_amplitude_mA`)),
      pulse_width_us: Number(data.get(`lead${ch}_pulse_width_us`)),
      rate_Hz: Number(data.get(`lead${ch}_rate_Hz`)),
      patient_min_mA: Number(data.get(`lead${ch}_patient_min_mA`)),
      patient_max_mA: Number(data.get(`lead${ch}_patient_max_mA`)),
    });
  }
  return { name: data.get("name") || "preview", leads: leads };
}

let previewRound = 0;

async function runPreview() {
  previewRound += 1;
  await previewOnce(previewRound);
}

function showCoverage(coverage) {
  const box = document.getElementById("preview-coverage");
  if (!box) return;
  box.dataset.status = coverage.status;
  if (coverage.status !== "ready") {
    const prefix = coverage.status === "computing" ? "Computing predicted paresthesia coverage... " : "";
    box.textContent = `${prefix}${coverage.message}`;
    box.className = coverage.status === "failed" ? "error" : "notice";
    return;
  }
  box.className = "";
  const regions = coverage.regions.map((r) => `${r.region} (${r.side}) ${r.paresthesia_percent.toFixed(0)} %`);
  const perception = coverage.perception_threshold_mA === null ? "not reached" :
    `${coverage.perception_threshold_mA.toFixed(2)} mA`;
  box.textContent = `Predicted paresthesia coverage of the pain regions: ` +
    `${coverage.coverage_percent.toFixed(0)} % (${regions.join(", ")}); ` +
    `paresthesia outside them ${coverage.off_target_percent.toFixed(0)} %; ` +
    `perception threshold ${perception}; ${coverage.message}.`;
}

async function previewOnce(round) {
  const form = document.getElementById("program-form");
  const out = document.getElementById("preview-out");
  const summary = document.getElementById("preview-summary");
  const rows = document.getElementById("preview-rows");
  const findings = document.getElementById("preview-findings");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const response = await fetch(`/api/v1/patients/${form.dataset.patient}/programs/preview`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(programFromForm(form)),
    credentials: "same-origin",
  });
  const body = await response.json();
  if (round !== previewRound) return;
  out.hidden = false;
  rows.replaceChildren();
  findings.replaceChildren();
  if (!response.ok) {
    summary.textContent = body.error ? body.error.message : "refused";
    summary.className = "error";
    const box = document.getElementById("preview-coverage");
    if (box) box.textContent = "";
    return;
  }
  summary.className = "";
  const life = body.battery_life_years === null ? "n/a" : body.battery_life_years.toFixed(1);
  summary.textContent = `Largest charge density ${body.max_density_uC_per_cm2.toFixed(1)} uC/cm2 ` +
    `(recommended <= ${body.soft_limit_uC_per_cm2}, hard limit ${body.hard_limit_uC_per_cm2}); ` +
    `battery life at this program about ${life} years.`;
  for (const d of body.doses) {
    const tr = document.createElement("tr");
    for (const v of [d.channel, d.contact, d.level, d.current_mA.toFixed(3), d.charge_uC.toFixed(3),
                     d.density_uC_per_cm2.toFixed(2), d.shannon_k.toFixed(2)]) {
      const td = document.createElement("td");
      td.textContent = String(v);
      tr.appendChild(td);
    }
    rows.appendChild(tr);
  }
  for (const f of body.findings) {
    const li = document.createElement("li");
    li.textContent = `${f.severity}: ${f.message}`;
    findings.appendChild(li);
  }
  showCoverage(body.coverage);
  // the first preview of a contact configuration computes neuron thresholds in the
  // background: ask again until it is ready (a newer preview stops this one)
  if (body.coverage.status === "computing") {
    setTimeout(() => { if (round === previewRound) previewOnce(round); }, 1000);
  }
}
