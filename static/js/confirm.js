// SYS-CONFIRM, the one confirmation of the project (no inline script: the CSP forbids it).
// 1. A submit button (or a form) carrying data-confirm="…" — the consequence in one sentence, written by
//    {% confirm obj "move" %} from the move's table — asks first in a dialog: 取消 sends nothing, 确认 sends
//    the form with the button that was pressed, adding the hidden marker confirmed=1. The server asks for the
//    same moves itself (jinan_union/confirm.py): a POST without the marker answers with a confirmation page,
//    so without JavaScript the page asks instead of this dialog.
// 2. Every form disables its buttons once it is sent, so a double click sends once (the server also answers a
//    repeated POST with "该操作已完成，无需重复提交。").
(function () {
  "use strict";
  let dialog = null;
  let pending = null; // {form, submitter}

  function build() {
    const modal = document.createElement("div");
    modal.className = "modal fade";
    modal.id = "confirm-dialog";
    modal.tabIndex = -1;
    modal.setAttribute("aria-labelledby", "confirm-dialog-title");
    modal.setAttribute("aria-hidden", "true");
    modal.setAttribute("data-testid", "confirm-dialog");
    const box = document.createElement("div");
    box.className = "modal-dialog modal-dialog-centered";
    const content = document.createElement("div");
    content.className = "modal-content";
    const header = document.createElement("div");
    header.className = "modal-header";
    const title = document.createElement("h2");
    title.className = "modal-title h5";
    title.id = "confirm-dialog-title";
    header.appendChild(title);
    const body = document.createElement("div");
    body.className = "modal-body";
    const text = document.createElement("p");
    text.className = "mb-0";
    text.setAttribute("data-role", "consequence");
    body.appendChild(text);
    const footer = document.createElement("div");
    footer.className = "modal-footer";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn btn-outline-secondary";
    cancel.setAttribute("data-bs-dismiss", "modal");
    cancel.setAttribute("data-testid", "confirm-cancel");
    cancel.textContent = "取消";
    const ok = document.createElement("button");
    ok.type = "button";
    ok.className = "btn btn-primary";
    ok.setAttribute("data-testid", "confirm-ok");
    ok.textContent = "确认";
    footer.append(cancel, ok);
    content.append(header, body, footer);
    box.appendChild(content);
    modal.appendChild(box);
    document.body.appendChild(modal);
    ok.addEventListener("click", function () {
      const p = pending;
      pending = null;
      window.bootstrap.Modal.getOrCreateInstance(modal).hide();
      if (!p) return;
      p.form.dataset.confirmed = "1";
      mark(p.form);
      if (p.form.requestSubmit) {
        p.form.requestSubmit(p.submitter || undefined);
      } else {
        p.form.submit();
      }
    });
    modal.addEventListener("hidden.bs.modal", function () {
      pending = null;
    });
    return { modal: modal, title: title, text: text, ok: ok };
  }

  function mark(form) {
    let marker = form.querySelector("input[type=hidden][name=confirmed][data-confirm-marker]");
    if (!marker) {
      marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = "confirmed";
      marker.value = "1";
      marker.setAttribute("data-confirm-marker", "");
      form.appendChild(marker);
    }
  }

  function unmark(form) {
    form.querySelectorAll("input[data-confirm-marker]").forEach(function (m) { m.remove(); });
  }

  function labelOf(button) {
    return (button && (button.dataset.confirmLabel || button.textContent.trim())) || "确认";
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = event.submitter || null;
    const sentence = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (sentence && form.dataset.confirmed !== "1" && window.bootstrap) {
      event.preventDefault();
      dialog = dialog || build();
      pending = { form: form, submitter: submitter };
      dialog.title.textContent = "确认" + labelOf(submitter) + "？";
      dialog.text.textContent = sentence;
      dialog.ok.textContent = "确认" + labelOf(submitter);
      window.bootstrap.Modal.getOrCreateInstance(dialog.modal).show();
      return;
    }
    if (form.dataset.sending === "1") { // a second click while the first is on its way
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    delete form.dataset.confirmed;
    // After this turn: disabling now would drop the pressed button's name/value from the form data.
    const buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    window.setTimeout(function () {
      buttons.forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-disabled", "true");
      });
    }, 0);
    // A download answers without leaving the page: the buttons come back after a while.
    window.setTimeout(function () { enable(form); }, 10000);
  });

  function enable(form) {
    delete form.dataset.sending;
    unmark(form); // the next sending asks again
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
      if (b.getAttribute("aria-disabled") === "true") {
        b.disabled = false;
        b.removeAttribute("aria-disabled");
      }
    });
  }

  // Back from the browser's cache (bfcache): the buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(enable);
  });
})();
