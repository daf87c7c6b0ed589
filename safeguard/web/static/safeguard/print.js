// "Print this …" links (components/print_link.html) open the browser's print dialog.
for (const link of document.querySelectorAll("[data-app-print]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
}
