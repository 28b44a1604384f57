// Kompas widget: tells the intranet page that frames it how tall it is, so that the iframe fits
// without a scroll bar. The message goes only to the origins Kompas allows to frame the widget
// (data-parent-origins); the browser delivers it only to the one the parent page really has.
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var origins = (document.documentElement.getAttribute("data-parent-origins") || "")
    .split(" ")
    .filter(Boolean);
  if (origins.length === 0) {
    return;
  }
  var reported = -1;

  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === reported) {
      return;
    }
    reported = height;
    origins.forEach(function (origin) {
      window.parent.postMessage({ type: "kompas-widget-height", height: height }, origin);
    });
  }

  window.addEventListener("load", report);
  if (typeof window.ResizeObserver === "function") {
    new window.ResizeObserver(report).observe(document.documentElement);
  } else {
    window.addEventListener("resize", report);
  }
  report();
})();
