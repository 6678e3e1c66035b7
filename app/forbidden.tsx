import { StatusPage } from "@/components/status-page";

export default function Forbidden() {
  return (
    <StatusPage code="403" title="Forbidden">
      Your role in this project does not include this page. Ask a project admin if you need it.
    </StatusPage>
  );
}
