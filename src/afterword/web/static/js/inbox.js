// The Inbox page's keyboard: one keystroke per waiting message.
//   y  yes, that's right        n    not about a job
//   j  next message             k    previous message
//   1-9  it is the class numbered in the legend (then saved at once)
// Keys act on the card that has the focus (or holds it), never while typing in a form field.
// Without this file every button still works, as a plain form or through HTMX.
(() => {
  const cards = () => Array.from(document.querySelectorAll("[data-inbox-card]"));
  const legend = document.querySelector("[data-inbox-keys]");
  if (legend) legend.hidden = false;

  const isField = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

  const focusCard = (card) => {
    if (!card) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  };

  const press = (card, answer) => {
    // One answer at a time: a key pressed again while the first is on its way does nothing.
    if (card.querySelector("form.htmx-request")) return;
    const button = card.querySelector(`button[data-answer="${answer}"]`);
    if (button && !button.disabled) button.click();
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isField(event.target)) return;
    const card = event.target instanceof Element ? event.target.closest("[data-inbox-card]") : null;
    if (!card) return;
    const key = event.key;
    const all = cards();
    const index = all.indexOf(card);
    if (key === "j" || key === "k") {
      focusCard(all[index + (key === "j" ? 1 : -1)]);
    } else if (key === "y") {
      press(card, "yes");
    } else if (key === "n") {
      press(card, "no");
    } else if (/^[1-9]$/.test(key)) {
      const choice = legend?.querySelectorAll("[data-class]")[Number(key) - 1];
      const select = card.querySelector("[data-answer-class]");
      if (!choice || !select) return;
      select.value = choice.dataset.class;
      press(card, "correct");
    } else {
      return;
    }
    event.preventDefault();
  });

  // After an answer: the next card takes the focus (or the card again, showing why it was refused).
  let answered = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const card = event.target.closest?.("[data-inbox-card]");
    if (card) answered = { id: card.closest("li")?.id, index: cards().indexOf(card) };
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!answered) return;
    const { id, index } = answered;
    answered = null;
    const again = id && document.getElementById(id)?.querySelector("[data-inbox-card]");
    if (again) {
      focusCard(again);
      return;
    }
    const left = cards();
    if (left.length) {
      focusCard(left[Math.min(index, left.length - 1)]);
    } else {
      document.querySelector(".inbox-done, .inbox-more a")?.focus();
    }
  });

  // A big file takes a while to read: say so on the button instead of leaving it silent.
  document.querySelector("[data-inbox-import]")?.addEventListener("submit", (event) => {
    const button = event.target.querySelector("button[type=submit]");
    if (button) {
      button.setAttribute("aria-busy", "true");
      button.textContent = "Reading the file…";
    }
  });

  // The first waiting message is ready for a keystroke as soon as the page opens.
  if (!location.hash && document.activeElement === document.body) focusCard(cards()[0]);
})();
