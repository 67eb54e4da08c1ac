// Draws the staff dashboard's charts (fitspace/templates/admin/fitspace/dashboard.html) with
// Chart.js from the figures the page embeds as JSON (#dashboard-data). A file, not an inline
// script, so the admin's Content-Security-Policy (script-src 'self') allows it.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const common = {
    animation: false,
    maintainAspectRatio: false,
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
  };

  function draw(id, type, labels, datasets, options) {
    new Chart(document.getElementById(id), {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: Object.assign({}, common, options || {}),
    });
  }

  draw("chart-activity", "line", data.days, [
    { label: "Workouts", data: data.workouts, borderColor: "#417690", backgroundColor: "#417690" },
    { label: "Sets", data: data.sets, borderColor: "#e08e0b", backgroundColor: "#e08e0b", yAxisID: "sets" },
  ], {
    scales: {
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Workouts" } },
      sets: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "Sets" } },
    },
  });
  draw("chart-signups", "bar", data.days, [
    { label: "Sign-ups", data: data.signups, backgroundColor: "#79aec8" },
  ]);
  draw("chart-weeks", "bar", data.weeks, [
    { label: "Active users", data: data.active_users, backgroundColor: "#417690" },
    { label: "Sign-ups", data: data.weekly_signups, backgroundColor: "#79aec8" },
  ]);
  draw("chart-exercises", "bar", data.exercises, [
    { label: "Sets", data: data.exercise_sets, backgroundColor: "#e08e0b" },
  ], {
    indexAxis: "y",
    scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
  });
});
