// Polls a background export's status and shows its progress; reveals the download when done and starts it
// once (a small export is finished when the page opens: it downloads at once).
(function () {
  const box = document.getElementById("export-job");
  if (!box) return;
  const bar = box.querySelector("[data-role=bar]");
  const label = box.querySelector("[data-role=label]");
  const error = box.querySelector("[data-role=error]");
  const download = box.querySelector("[data-role=download]");
  const retry = box.querySelector("[data-role=retry]");
  const key = "export-downloaded-" + box.dataset.job;
  function fetchOnce() {
    try {
      if (window.sessionStorage.getItem(key)) return;
      window.sessionStorage.setItem(key, "1");
    } catch (e) {
      return; // no storage: the button is there
    }
    window.location.assign(download.href);
  }
  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    label.textContent = data.label + (data.step ? "：" + data.step : "") +
      (data.rows_total ? "（" + data.rows_done + " / " + data.rows_total + " 行）" : "");
    error.textContent = data.error || "";
    if (data.status === "done") {
      download.classList.remove("d-none");
      fetchOnce();
    }
    if (data.status === "failed" && retry) retry.classList.remove("d-none");
    return data.status === "done" || data.status === "failed";
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => { if (!show(data)) setTimeout(poll, 1000); })
      .catch(() => setTimeout(poll, 3000));
  }
  if (box.dataset.status === "done") fetchOnce();
  else if (box.dataset.status !== "failed") poll();
})();
