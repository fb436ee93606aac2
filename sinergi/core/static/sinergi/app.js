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
