// The live standing: the server sends the section's new HTML (rendered and escaped by the
// server's templates) each time it changes. Without JavaScript, reloading shows the same.
(function () {
  "use strict";
  var region = document.querySelector("[data-live]");
  if (!region || !window.EventSource) { return; }
  var source = new EventSource(region.getAttribute("data-live"));
  source.addEventListener("standing", function (event) {
    region.innerHTML = event.data;
    region.setAttribute("data-updated", String(Date.now()));
  });
})();
