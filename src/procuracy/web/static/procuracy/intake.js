// The intake form shows the chosen case kind's own materials and transferring agencies
// (their options carry data-kinds, forms.KindCheckboxes / KindSelect). Without JavaScript
// every option stays; the server checks what is sent either way. No inline script (CSP).
(function () {
  var kind = document.getElementById("id_kind");
  if (!kind) { return; }
  function belongs(el) {
    var kinds = el.getAttribute("data-kinds");
    return !kinds || kinds.split(" ").indexOf(kind.value) !== -1;
  }
  function show() {
    document.querySelectorAll("input[name=materials][data-kinds]").forEach(function (box) {
      var item = box.closest("div") || box.parentNode;
      var mine = belongs(box);
      item.hidden = !mine;
      if (!mine) { box.checked = false; }
    });
    var agency = document.getElementById("id_agency");
    if (agency) {
      var first = null;
      Array.prototype.forEach.call(agency.options, function (option) {
        var mine = belongs(option);
        option.hidden = !mine;
        option.disabled = !mine;
        if (mine && first === null) { first = option; }
      });
      if (agency.selectedOptions.length && agency.selectedOptions[0].disabled && first) {
        agency.value = first.value;
      }
    }
  }
  kind.addEventListener("change", show);
  show();
})();
