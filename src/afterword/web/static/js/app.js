// Small behaviours that plain HTML lacks: dismissing a message and copying a draft.
document.addEventListener("click", (event) => {
  const close = event.target.closest("[data-dismiss]");
  if (close) {
    close.closest(".notice")?.remove();
    return;
  }
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    if (!source) return;
    const text = source.value !== undefined ? source.value : source.innerText;
    const done = () => {
      const label = copy.dataset.copied || "Copied";
      copy.setAttribute("aria-label", label);
      copy.textContent = label;
      copy.dispatchEvent(new CustomEvent("afterword:copied", { bubbles: true }));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => { selectText(source); done(); });
    } else {
      selectText(source);
      document.execCommand("copy");
      done();
    }
  }
});

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// A form shown again with problems: its first invalid field takes the focus (or, for a
// problem with the whole form, the message does), so it is seen and read out at once.
// After a plain POST the page would open at the top; after an HTMX swap the button that
// had the focus is gone. Fields with a problem carry aria-invalid and aria-describedby.
function focusFirstProblem(root) {
  if (!root || !root.querySelector) return;
  const target = root.querySelector('[aria-invalid="true"]') || root.querySelector(".form-error");
  if (!target) return;
  for (let details = target.closest("details"); details; details = details.parentElement?.closest("details")) {
    details.open = true;
  }
  if (!target.matches("input, select, textarea, button")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => focusFirstProblem(document));
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt !== document.body) focusFirstProblem(event.detail.elt);
});
