/*
 * The one-line embed for a portal page:
 *   <script src="https://<our site>/embed.js" data-contest="cchc-2022" async></script>
 * puts the contest page in an iframe right after the script tag, sized to
 * its content (no inner scrollbar), and scrolls the portal page to the
 * frame's top when the contest page changes view (a scrollTo inside the frame
 * would move nothing the participant sees). Several embeds on one page each
 * get their own frame.
 *
 * A classic script in ES5 (no modules, no newer syntax): it runs on the
 * portal's page, in whatever browser its visitors have. The portal's CSP
 * must allow our origin in script-src and frame-src; ours must allow the
 * portal in frame-ancestors (PortalOrigins).
 */
(function () {
  'use strict';

  var MARK = 'data-cchc-embed';
  var current = document.currentScript;
  // Our origin: where this file came from. The frames load from it, and
  // only messages from it are listened to.
  var source = current && current.src ? current.src : findOwnSource();
  if (!source) return;
  var origin = originOf(source);
  var registry = window.__cchcEmbed || (window.__cchcEmbed = { frames: [], listening: false, count: 0 });

  function originOf(url) {
    var a = document.createElement('a');
    a.href = url;
    // IE-era anchors leave out the default port; URL is there everywhere else.
    if (typeof URL === 'function') return new URL(a.href).origin;
    return a.protocol + '//' + a.host;
  }

  /** With `async`, currentScript may be null: the first of our tags not yet handled. */
  function findOwnSource() {
    var tags = document.querySelectorAll('script[data-contest]');
    for (var i = 0; i < tags.length; i += 1) {
      if (!tags[i].hasAttribute(MARK) && /\/embed\.js(\?|#|$)/.test(tags[i].src)) return tags[i].src;
    }
    return '';
  }

  function embed(script) {
    script.setAttribute(MARK, 'done');
    var contest = (script.getAttribute('data-contest') || '').replace(/[^a-z0-9_-]/gi, '');
    registry.count += 1;
    var frameId = 'cchc-embed-' + registry.count;
    var frame = document.createElement('iframe');
    frame.src = origin + '/?contest=' + encodeURIComponent(contest) + '&embed=1';
    frame.name = frameId; // the page inside sends it back with every message
    frame.id = frameId;
    frame.title = script.getAttribute('data-title') || 'Cuộc thi trắc nghiệm trực tuyến';
    frame.setAttribute('scrolling', 'no');
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('loading', 'eager');
    frame.setAttribute('allow', 'clipboard-write');
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.display = 'block';
    frame.style.overflow = 'hidden';
    frame.style.height = (script.getAttribute('data-height') || '900') + 'px';
    script.parentNode.insertBefore(frame, script.nextSibling);
    registry.frames.push({ frame: frame, id: frameId, origin: origin });
  }

  function frameFor(event) {
    for (var i = 0; i < registry.frames.length; i += 1) {
      var entry = registry.frames[i];
      if (entry.origin === event.origin && entry.frame.contentWindow === event.source) return entry;
    }
    return null;
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    var entry = frameFor(event);
    if (!entry) return; // not one of our frames, or not from our origin
    if (data.type === 'cchc-embed-height') {
      var height = Math.ceil(Number(data.height));
      if (height > 0 && height < 100000) entry.frame.style.height = height + 'px';
    } else if (data.type === 'cchc-embed-scroll-top') {
      // The new view starts at the frame's top: bring it to the top of the window.
      var top = entry.frame.getBoundingClientRect().top + (window.pageYOffset || document.documentElement.scrollTop || 0);
      window.scrollTo(0, Math.max(0, Math.round(top)));
    }
  }

  if (!registry.listening) {
    registry.listening = true;
    window.addEventListener('message', onMessage, false);
  }

  // One frame per run, and a browser runs the file once per tag: this
  // run's own tag, or (async, currentScript unknown) the first of ours not
  // yet handled. Either way each tag ends up with exactly one frame.
  var target = current && !current.hasAttribute(MARK) ? current : firstUnhandled();
  if (target) embed(target);

  function firstUnhandled() {
    var tags = document.querySelectorAll('script[data-contest]');
    for (var i = 0; i < tags.length; i += 1) {
      var tag = tags[i];
      if (!tag.hasAttribute(MARK) && tag.src && /\/embed\.js(\?|#|$)/.test(tag.src) && originOf(tag.src) === origin) return tag;
    }
    return null;
  }
})();
