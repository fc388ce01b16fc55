// Tells Beacon the browser's time zone (a cookie the server checks against the zones it
// knows), and until the server has used it, shows this page's times in that zone. Without
// JavaScript times stay in the zone the server named on them.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === document.body.getAttribute('data-time-zone')) return;
  var secure = location.protocol === 'https:';
  // Inside an LMS frame over https only a partitioned SameSite=None cookie is kept.
  document.cookie = 'beacon_tz=' + encodeURIComponent(zone) + '; Path=/; Max-Age=31536000; ' + (secure ? 'SameSite=None; Secure; Partitioned' : 'SameSite=Lax');
  var locale = document.documentElement.lang === 'ro' ? 'ro-RO' : 'en-GB';
  document.querySelectorAll('time[datetime][data-style]').forEach(function (el) {
    var at = new Date(el.getAttribute('datetime'));
    if (isNaN(at.getTime())) return;
    var options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone };
    if (el.getAttribute('data-style') !== 'time') { options.day = 'numeric'; options.month = 'short'; options.year = 'numeric'; }
    try { el.textContent = new Intl.DateTimeFormat(locale, options).format(at) + ' (' + zone + ')'; } catch (e) { /* keep the server's text */ }
  });
})();
