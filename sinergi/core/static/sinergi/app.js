// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit submit their form on change; their button stays for keyboard users.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // The menu toggle on narrow screens.
  for (const button of document.querySelectorAll("[data-toggle]")) {
    const target = document.getElementById(button.dataset.toggle);
    button.addEventListener("click", () => {
      const open = target.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Buttons that ask before a destructive action.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});

// Report drafts save as the operator types: changed fields go to the API after a short pause.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosave]")) {
    const status = form.querySelector(".autosave-status");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    let timer = null;
    let version = Number(form.dataset.version);
    const payload = () => {
      const values = {};
      for (const input of form.querySelectorAll("[data-value-of]")) {
        values[input.dataset.valueOf] = input.value === "" ? null : input.value;
      }
      const override_reasons = {};
      for (const input of form.querySelectorAll("[data-reason-of]")) override_reasons[input.dataset.reasonOf] = input.value;
      const body = { values, override_reasons, version };
      for (const name of ["narrative", "obstacles", "follow_up"]) body[name] = form.elements[name].value;
      const budget = form.elements.budget_realised.value;
      body.budget_realised = budget === "" ? null : budget;
      return body;
    };
    const save = async () => {
      const response = await fetch(form.dataset.autosave, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
        body: JSON.stringify(payload()),
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        version = data.version;
        form.elements.version.value = version;
        status.textContent = `${status.dataset.savedText} ${new Date().toLocaleTimeString("id-ID")}`;
        status.classList.remove("error");
      } else {
        const error = data.error || {};
        const details = Object.entries(error.fields || {}).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ");
        status.textContent = `${status.dataset.errorText}: ${error.message || response.status}${details ? " — " + details : ""}`;
        status.classList.add("error");
      }
    };
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(save, 700);
    });
    form.addEventListener("submit", (event) => {
      // Confirming a computed value posts the form (the page shows the result); saving is done here.
      if (event.submitter && event.submitter.name === "confirm") return;
      event.preventDefault();
      clearTimeout(timer);
      save();
    });
  }
});

// Consolidated reports being generated: their progress bars follow the job until it ends, then the page reloads.
document.addEventListener("DOMContentLoaded", () => {
  const bars = [...document.querySelectorAll("progress[data-document-poll]")];
  if (!bars.length) return;
  const poll = async () => {
    let ended = false;
    for (const bar of bars) {
      const response = await fetch(bar.dataset.documentPoll, { credentials: "same-origin" }).catch(() => null);
      if (!response || !response.ok) continue;
      const job = await response.json();
      bar.value = job.progress;
      const label = bar.parentElement.querySelector("[data-document-progress]");
      if (label) label.textContent = `${job.progress}%`;
      if (job.status === "done" || job.status === "failed") ended = true;
    }
    if (ended) window.location.reload();
    else setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
});
