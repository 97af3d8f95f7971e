// coretimer's page, around textual-serve's client (loaded just before this file).
//
// - Chooses a font size the screen can hold at 40 columns and 20 rows, once the font (served
//   by coretimer itself) has loaded, and again when the phone turns.
// - Keeps the screen on during a session: the Screen Wake Lock API in a secure context, a
//   muted looping video elsewhere (plain http on a home network); let go when it ends.
// - "Speak cues on this phone": the app's cue sentences, through the browser's speech.
"use strict";

(() => {
  const MIN_COLS = 40;
  const MIN_ROWS = 20;
  const MIN_FONT = 12;
  const MAX_FONT = 20;
  const FAMILY = "'Roboto Mono'";
  const SPEAK_KEY = "coretimer.speak";

  // -- the app's own messages, on the app's websocket ------------------------------------------
  const NativeWebSocket = window.WebSocket;
  class WatchedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        let message;
        try { message = JSON.parse(event.data); } catch { return; }
        if (Array.isArray(message) && message[0] === "coretimer") onAppMessage(message[1] || {});
      });
      this.addEventListener("close", () => letSleep());
    }
  }
  window.WebSocket = WatchedWebSocket;

  function onAppMessage(message) {
    if (message.event === "session") {
      if (message.active) stayAwake(); else letSleep();
    } else if (message.event === "cue" && typeof message.text === "string") {
      speak(message.text);
    } else if (message.event === "hush") {
      hush();
    } else if (message.event === "full" && typeof message.text === "string") {
      // Turned away (too many pages open): the closed notice says why, as text.
      document.querySelector("#closed p").textContent = message.text;
    }
  }

  // -- the font size -----------------------------------------------------------------------------
  const measure = document.createElement("canvas").getContext("2d");

  function cell(size) {
    measure.font = `${size}px ${FAMILY}`;
    const m = measure.measureText("W");
    const height = Math.ceil((m.fontBoundingBoxAscent || size) + (m.fontBoundingBoxDescent || 0));
    return { width: m.width, height: Math.max(height, Math.ceil(size * 1.2)) };
  }

  function chooseFontSize(element) {
    const fixed = parseInt(element.dataset.fixedFontSize || "0", 10);
    if (fixed > 0) return fixed;
    const box = element.getBoundingClientRect();
    for (let size = MAX_FONT; size > MIN_FONT; size -= 1) {
      const c = cell(size);
      // One pixel spare each way: the terminal rounds cells to device pixels.
      if (Math.floor((box.width - 1) / c.width) >= MIN_COLS &&
          Math.floor((box.height - 1) / c.height) >= MIN_ROWS) return size;
    }
    return MIN_FONT;
  }

  function refit() {
    const client = window.coretimerTerminal;
    const element = document.getElementById("terminal");
    if (!client || !element) return;
    const size = chooseFontSize(element);
    if (client.terminal.options.fontSize !== size) client.terminal.options.fontSize = size;
    client.fit();
  }

  // -- keeping the screen on -------------------------------------------------------------------
  let wanted = false;
  let lock = null;

  function setAwake(how) {
    document.body.dataset.awake = how;
  }

  async function stayAwake() {
    wanted = true;
    if (window.isSecureContext && navigator.wakeLock) {
      try {
        const held = await navigator.wakeLock.request("screen");
        if (!wanted) { held.release(); return; }
        lock = held;
        lock.addEventListener("release", () => {
          if (lock === held) { lock = null; if (document.body.dataset.awake === "wakelock") setAwake(""); }
        });
        setAwake("wakelock");
        return;
      } catch (error) {
        // Refused (a battery saver, a hidden page): the video does it instead.
      }
    }
    const video = document.getElementById("awake");
    try {
      await video.play();
      if (wanted) setAwake("video"); else video.pause();
    } catch (error) {
      setAwake("");
    }
  }

  function letSleep() {
    wanted = false;
    if (lock) { const held = lock; lock = null; held.release().catch(() => {}); }
    const video = document.getElementById("awake");
    if (video && !video.paused) video.pause();
    setAwake("");
  }

  // A wake lock ends when the page is hidden; take it again when it is back.
  document.addEventListener("visibilitychange", () => {
    if (wanted && document.visibilityState === "visible" && !lock) stayAwake();
  });

  // Phones play a video from a script only after a touch on the page: the first touch starts
  // and stops it once, so a session started later may play it.
  function unlockVideo() {
    const video = document.getElementById("awake");
    if (!video || wanted) return;
    video.play().then(() => { if (!wanted) video.pause(); }).catch(() => {});
  }
  window.addEventListener("pointerdown", unlockVideo, { once: true, capture: true });

  // -- speaking cues ---------------------------------------------------------------------------
  function speaking() {
    const box = document.getElementById("speak");
    return Boolean(box && box.checked && window.speechSynthesis);
  }

  function speak(text) {
    if (!speaking()) return;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  function hush() {
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }

  function setUpSpeech() {
    const box = document.getElementById("speak");
    if (!window.speechSynthesis) {
      box.disabled = true;
      box.parentElement.title = "This browser cannot speak.";
      return;
    }
    box.checked = localStorage.getItem(SPEAK_KEY) === "1";
    box.addEventListener("change", () => {
      localStorage.setItem(SPEAK_KEY, box.checked ? "1" : "0");
      // Said inside the tap: some phones speak only after speech started from a touch.
      if (box.checked) speak("Cues will be spoken here.");
      else hush();
      // Give the keys back to the app.
      const screen = document.querySelector(".xterm-helper-textarea");
      if (screen) screen.focus();
    });
  }

  // -- start -----------------------------------------------------------------------------------
  const startClient = window.onload;
  window.onload = async (event) => {
    const element = document.getElementById("terminal");
    const given = parseInt(element.dataset.fontSize || "0", 10);
    if (given > 0) element.dataset.fixedFontSize = String(given);
    try {
      await document.fonts.load(`16px ${FAMILY}`);
    } catch (error) {
      // The fallback monospace font measures as well.
    }
    element.dataset.fontSize = String(chooseFontSize(element));
    setUpSpeech();
    document.getElementById("reopen").addEventListener("click", () => window.location.reload());
    if (startClient) startClient.call(window, event);
    // The client fits the terminal on resize; the font size follows the screen first.
    window.onresize = refit;
  };
})();
