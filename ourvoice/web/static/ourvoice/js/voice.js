/* Our Voice: record a voice note in the page (MediaRecorder) and attach it to the form's file input
 * (DataTransfer). Hidden where the browser cannot do it: the file input still takes recordings
 * made with the phone's own recorder. Nothing is uploaded until the form is sent. */
(function () {
  "use strict";
  var MAX_MS = 10 * 60 * 1000;
  var TYPES = [["audio/webm;codecs=opus", "webm"], ["audio/ogg;codecs=opus", "ogg"], ["audio/mp4", "m4a"], ["audio/webm", "webm"]];

  function supported() {
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return false;
    try { new DataTransfer(); } catch (e) { return false; }
    return true;
  }

  function init() {
    var box = document.querySelector("[data-recorder]");
    if (!box || box.dataset.ready || !supported()) return;
    var input = document.getElementById(box.dataset.input);
    if (!input) return;
    box.dataset.ready = "1";
    box.hidden = false;
    var recordButton = box.querySelector("[data-record]");
    var stopButton = box.querySelector("[data-stop]");
    var discardButton = box.querySelector("[data-discard]");
    var audio = box.querySelector("[data-audio]");
    var recorder = null;
    var recording = null;
    var url = null;
    var limit = null;

    function state(name) {
      Array.prototype.forEach.call(box.querySelectorAll("[data-state]"), function (el) {
        el.hidden = el.getAttribute("data-state") !== name;
      });
    }

    function attach() {
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file) {
        if (!/^voice-note-/.test(file.name)) transfer.items.add(file);
      });
      if (recording) transfer.items.add(recording);
      input.files = transfer.files;
      input.dispatchEvent(new CustomEvent("ourvoice:files")); // files.js lists the names
    }

    function reset() {
      recording = null;
      if (url) URL.revokeObjectURL(url);
      url = null;
      audio.removeAttribute("src");
      audio.hidden = true;
      discardButton.hidden = true;
      recordButton.hidden = false;
      attach();
      state("");
    }

    recordButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var type = TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t[0]); })[0] || ["", "webm"];
        var chunks = [];
        recorder = type[0] ? new MediaRecorder(stream, { mimeType: type[0] }) : new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (event) { if (event.data.size) chunks.push(event.data); });
        recorder.addEventListener("stop", function () {
          clearTimeout(limit);
          stream.getTracks().forEach(function (track) { track.stop(); });
          var mime = (recorder.mimeType || type[0] || "audio/webm").split(";")[0];
          var extension = /mp4/.test(mime) ? "m4a" : /ogg/.test(mime) ? "ogg" : "webm";
          var blob = new Blob(chunks, { type: mime });
          recording = new File([blob], "voice-note-" + Date.now() + "." + extension, { type: mime });
          url = URL.createObjectURL(blob);
          audio.src = url;
          audio.hidden = false;
          stopButton.hidden = true;
          discardButton.hidden = false;
          attach();
          state("ready");
        });
        recorder.start();
        limit = setTimeout(function () { if (recorder.state === "recording") recorder.stop(); }, MAX_MS);
        recordButton.hidden = true;
        stopButton.hidden = false;
        state("recording");
        stopButton.focus();
      }).catch(function () { state("denied"); });
    });

    stopButton.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") recorder.stop();
      discardButton.focus();
    });

    discardButton.addEventListener("click", function () {
      reset();
      recordButton.focus();
    });

    // Choosing files with the picker replaces the selection: keep the recording in it.
    input.addEventListener("change", function () {
      if (recording && !Array.prototype.some.call(input.files, function (f) { return f === recording; })) attach();
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("ourvoice:page", init);
  if (document.readyState !== "loading") init();
})();
