import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ED arrivals and capacity", template: "%s – ED arrivals and capacity" },
  description: "Bookable arrival times for NHS 111 patients coming to the Emergency Department",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:p-2">
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
