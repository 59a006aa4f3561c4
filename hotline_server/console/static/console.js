// New cases appear in the inbox without a reload: poll for cases newer than the newest shown.
(function () {
  "use strict";
  var box = document.getElementById("inbox");
  if (!box) { return; }
  var tbody = document.getElementById("case-rows");
  var notice = document.getElementById("new-cases");
  var latest = box.getAttribute("data-latest") || "0";
  var url = box.getAttribute("data-poll");
  var onFirstPage = !/[?&]page=([2-9]|\d\d)/.test(window.location.search);
  function poll() {
    fetch(url + "&after=" + encodeURIComponent(latest), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.count) { return; }
        latest = String(data.latest_id);
        if (onFirstPage) {
          tbody.insertAdjacentHTML("afterbegin", data.html);  // rendered and escaped by the server
        }
        notice.hidden = false;
        var empty = document.getElementById("no-cases");
        if (empty) { empty.hidden = true; }
      })
      .catch(function () {});
  }
  window.setInterval(poll, Number(box.getAttribute("data-interval") || 5000));
})();
