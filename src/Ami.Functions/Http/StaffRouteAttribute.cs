namespace Ami.Functions.Http;

/// <summary>
/// Marks a staff API function. It is <c>AuthorizationLevel.Anonymous</c> for the Functions host (which would otherwise
/// demand a function key the worker cannot check, a second secret); the function itself lets in the staff key or a
/// signed-in staff member (<see cref="Ami.Workflow.Staff.StaffAccess"/>), as the local host's <c>RequireStaffKey</c> does.
/// The route-parity test reads this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StaffRouteAttribute : Attribute;
