// The hazard report form's aids (issue 11, issue 15): as the clerk types, ask the server for the grade and
// reward preview and for possible earlier reports of the chosen unit, and show the answers. Only GETs: the
// server computes both with the same functions as submission and verification. Without this script the
// form's 预览 button shows the same.
(function () {
  const form = document.querySelector("form[data-preview-url]");
  if (!form) return;
  const previewBox = document.getElementById("grade-preview-box");
  const similarBox = document.getElementById("similar-box");
  const value = (name) => {
    const field = form.elements.namedItem(name);
    if (!field) return "";
    if (field.type === "checkbox") return field.checked ? "on" : "";
    return field.value || "";
  };
  const query = (names) => {
    const params = new URLSearchParams();
    names.forEach((name) => params.set(name, value(name)));
    if (form.dataset.report) params.set("report", form.dataset.report);
    return params.toString();
  };
  const PREVIEW = ["deaths", "serious_injuries", "direct_loss", "expert_grade", "is_safety_manager", "rectification"];
  const SIMILAR = ["hazard_unit", "location", "description"];
  const pending = {};
  let asked = {};
  function refresh(kind, url, names, box) {
    const q = query(names);
    if (asked[kind] === q) return;
    asked[kind] = q;
    if (pending[kind]) pending[kind].abort();
    pending[kind] = new AbortController();
    fetch(url + "?" + q, { headers: { Accept: "application/json" }, signal: pending[kind].signal, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (data && asked[kind] === q) {
          box.innerHTML = data.html; // rendered and escaped by the server's template
          form.dataset[kind + "Ready"] = "1";
        }
      })
      .catch(() => {});
  }
  const timers = {};
  function soon(kind, url, names, box) {
    clearTimeout(timers[kind]);
    timers[kind] = setTimeout(() => refresh(kind, url, names, box), 300);
  }
  form.addEventListener("input", (event) => {
    const name = event.target.name;
    if (PREVIEW.includes(name)) soon("preview", form.dataset.previewUrl, PREVIEW, previewBox);
    if (SIMILAR.includes(name)) soon("similar", form.dataset.similarUrl, SIMILAR, similarBox);
  });
  form.addEventListener("change", (event) => {
    const name = event.target.name;
    if (PREVIEW.includes(name)) refresh("preview", form.dataset.previewUrl, PREVIEW, previewBox);
    if (SIMILAR.includes(name)) refresh("similar", form.dataset.similarUrl, SIMILAR, similarBox);
  });
  asked = { preview: query(PREVIEW), similar: query(SIMILAR) }; // the page already shows these
  form.dataset.aidsReady = "1";
})();
