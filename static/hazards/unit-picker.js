// 存在隐患单位 by searching (hazards/unit_picker.py): as the clerk types, ask the server for the units whose name
// contains the text and list them, each with its system union; choosing one (click, or the arrow keys and Enter)
// puts its id in the hidden field and tells the form (a change event), so the similar-reports aid refreshes.
// Without this script the clerk types the exact name and the server looks it up.
(function () {
  document.querySelectorAll("[data-unit-picker]").forEach((picker) => {
    const input = picker.querySelector("input[type=search]");
    const id = picker.querySelector("[data-unit-id]");
    const shown = picker.querySelector("[data-unit-shown]");
    const list = picker.querySelector("[role=listbox]");
    let timer = null;
    let pending = null;
    let active = -1;
    const options = () => Array.from(list.querySelectorAll("[role=option]"));
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }
    function choose(option) {
      id.value = option.dataset.id;
      input.value = option.dataset.label;
      shown.value = option.dataset.label;
      close();
      id.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function mark(index) {
      const all = options();
      all.forEach((option, n) => {
        option.classList.toggle("active", n === index);
        option.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      active = index;
      if (all[index]) all[index].scrollIntoView({ block: "nearest" });
    }
    function show(results, text) {
      list.replaceChildren();
      if (!results.length) {
        const none = document.createElement("div");
        none.className = "list-group-item text-muted small";
        none.textContent = "没有名称含“" + text + "”的单位；可点下方链接新增本工会所属单位。";
        list.append(none);
      }
      results.forEach((unit) => {
        const option = document.createElement("button");
        option.type = "button";
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.dataset.id = unit.id;
        option.dataset.label = unit.label;
        option.textContent = unit.label; // text, never HTML
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the box
        option.addEventListener("click", () => choose(option));
        list.append(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    function search() {
      const text = input.value.trim();
      if (pending) pending.abort();
      if (!text) return close();
      pending = new AbortController();
      fetch(picker.dataset.searchUrl + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal,
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => { if (data && input.value.trim() === text) show(data.results, text); })
        .catch(() => {});
    }
    input.addEventListener("input", (event) => {
      event.stopPropagation(); // the text alone is not a choice: the form's aids wait for one
      if (id.value) {
        id.value = "";
        id.dispatchEvent(new Event("change", { bubbles: true }));
      }
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", (event) => {
      const all = options();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        mark(Math.min(active + 1, all.length - 1));
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        mark(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault(); // not the form's submit: a choice
        if (all[active >= 0 ? active : 0]) choose(all[active >= 0 ? active : 0]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  });
})();
