// briefbot console: the page's only script, served from this origin (the policy allows nothing inline).
// It shows instants on the viewer's clock and marks a card item's span in the article text.

function showViewerTimes() {
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const el of document.querySelectorAll(".viewer-time[data-instant]")) {
    const at = new Date(el.getAttribute("data-instant"));
    if (Number.isNaN(at.getTime())) continue;
    el.textContent = ` (yours: ${format.format(at)}, ${zone})`;
  }
}

function markSpan(id) {
  const marks = document.querySelectorAll("mark[data-spans]");
  let first;
  for (const m of marks) {
    const on = (m.getAttribute("data-spans") || "").split(" ").includes(id);
    m.classList.toggle("hl", on);
    if (on && !first) first = m;
  }
  for (const a of document.querySelectorAll("a.span-link"))
    a.classList.toggle("hl", a.getAttribute("data-span") === id);
  if (first) first.scrollIntoView({ block: "center" });
}

function markFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (/^[qfp]\d+[va]?$/.test(id)) markSpan(id);
}

document.addEventListener("DOMContentLoaded", () => {
  showViewerTimes();
  markFromHash();
  window.addEventListener("hashchange", markFromHash);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.span-link[data-span]") : null;
    if (!link) return;
    const id = link.getAttribute("data-span");
    if (location.hash === `#${id}`) {
      event.preventDefault();
      markSpan(id);
    }
  });
  document.body.setAttribute("data-script", "ran");
});
