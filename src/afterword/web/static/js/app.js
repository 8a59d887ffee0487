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
